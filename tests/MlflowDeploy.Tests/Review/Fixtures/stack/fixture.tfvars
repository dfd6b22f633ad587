# The sentinel: tests assert that this value never appears in anything the review writes or renders.
db_password = "S3ntinel-Secret-4711"
