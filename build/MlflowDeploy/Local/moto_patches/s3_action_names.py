"""The IAM action names S3 authorises, where moto 5.2.1 uses others.

moto names the action of a bucket request from its query string; for the
sub-resources below it falls back to ListBucket (GET), CreateBucket (PUT) or
DeleteBucket (DELETE), and it names HEAD bucket "HeadBucket", which is no IAM
action at all (S3 authorises it as s3:ListBucket). A role granted exactly
what AWS needs would be denied, or one granted ListBucket let through.
"""

from moto.s3.responses import ACTION_MAP

_BUCKET_SUBRESOURCES = {
    "GET": {
        "encryption": "GetEncryptionConfiguration",
        "object-lock": "GetBucketObjectLockConfiguration",
        "ownershipControls": "GetBucketOwnershipControls",
        "publicAccessBlock": "GetBucketPublicAccessBlock",
        "replication": "GetReplicationConfiguration",
        "requestPayment": "GetBucketRequestPayment",
        "policyStatus": "GetBucketPolicyStatus",
        "inventory": "GetInventoryConfiguration",
        "intelligent-tiering": "GetIntelligentTieringConfiguration",
    },
    "PUT": {
        "encryption": "PutEncryptionConfiguration",
        "object-lock": "PutBucketObjectLockConfiguration",
        "ownershipControls": "PutBucketOwnershipControls",
        "publicAccessBlock": "PutBucketPublicAccessBlock",
        "replication": "PutReplicationConfiguration",
        "requestPayment": "PutBucketRequestPayment",
        "inventory": "PutInventoryConfiguration",
    },
    "DELETE": {
        "encryption": "PutEncryptionConfiguration",
        "ownershipControls": "PutBucketOwnershipControls",
        "publicAccessBlock": "PutBucketPublicAccessBlock",
        "replication": "PutReplicationConfiguration",
        "inventory": "PutInventoryConfiguration",
    },
}


def install():
    for method, names in _BUCKET_SUBRESOURCES.items():
        ACTION_MAP["BUCKET"][method].update(names)
    ACTION_MAP["BUCKET"]["HEAD"]["DEFAULT"] = "ListBucket"
