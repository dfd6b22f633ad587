"""Creates the MLflow stack's AWS resources in a moto server with boto3 (what the awscli uses), in one
process so a test pays for one Python start instead of one per resource. Prints the same JSON shape as
`terraform output -json`, so the test reads it with DeploymentOutputs.FromTerraformOutputs.

usage: emulated_stack.py ENDPOINT REGION NAME DESIRED [--service-revision N] [--applied-revision N]
"""
import argparse
import json
import boto3

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("region")
parser.add_argument("name")
parser.add_argument("desired", type=int)
parser.add_argument("--service-revision", type=int, default=1, help="task definition revision the service runs")
parser.add_argument("--applied-revision", type=int, default=1, help="revision reported as Terraform's task_definition_arn")
args = parser.parse_args()


def client(service):
    return boto3.client(service, endpoint_url=args.endpoint, region_name=args.region,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


ec2, ecs, elb, logs, rds, s3, cloudwatch = (client(s) for s in ("ec2", "ecs", "elbv2", "logs", "rds", "s3", "cloudwatch"))
name, container = args.name, "mlflow"

vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i + 1}.0/24", AvailabilityZone=f"{args.region}{az}")["Subnet"]["SubnetId"]
           for i, az in enumerate("ab")]
sg = ec2.create_security_group(GroupName=f"{name}-ecs", Description="tasks", VpcId=vpc)["GroupId"]

log_group = f"/ecs/{name}"
logs.create_log_group(logGroupName=log_group)

alb = elb.create_load_balancer(Name=f"{name}-alb", Subnets=subnets, SecurityGroups=[sg])["LoadBalancers"][0]
tg = elb.create_target_group(Name=f"{name}-tg", Protocol="HTTP", Port=5000, VpcId=vpc, TargetType="ip",
                             HealthCheckPath="/health")["TargetGroups"][0]["TargetGroupArn"]
elb.create_listener(LoadBalancerArn=alb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                    DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])

ecs.create_cluster(clusterName=name)
revisions = {}
for revision in range(1, max(args.service_revision, args.applied_revision) + 1):
    revisions[revision] = ecs.register_task_definition(
        family=name, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="512", memory="1024",
        containerDefinitions=[{
            "name": container, "image": f"ghcr.io/mlflow/mlflow:v2.18.0", "essential": True, "cpu": 512, "memory": 1024,
            "portMappings": [{"containerPort": 5000, "protocol": "tcp"}],
            "environment": [{"name": "REVISION", "value": str(revision)}],
            "healthCheck": {"command": ["CMD", "python", "-c", "print(1)"], "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 120},
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": log_group, "awslogs-region": args.region, "awslogs-stream-prefix": container}},
        }])["taskDefinition"]["taskDefinitionArn"]
ecs.create_service(cluster=name, serviceName=name, taskDefinition=revisions[args.service_revision], desiredCount=args.desired,
                   launchType="FARGATE",
                   loadBalancers=[{"targetGroupArn": tg, "containerName": container, "containerPort": 5000}],
                   networkConfiguration={"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [sg], "assignPublicIp": "DISABLED"}})

db = f"{name}-db"
rds.create_db_instance(DBInstanceIdentifier=db, Engine="postgres", EngineVersion="15.8", DBInstanceClass="db.t4g.micro",
                       AllocatedStorage=20, MasterUsername="mlflow", MasterUserPassword="not-a-secret-1",
                       StorageEncrypted=True, PubliclyAccessible=False, BackupRetentionPeriod=7)

bucket = f"{name}-artifacts"
s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": args.region})
s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})

# Two of the stack's alarms, in infra/alarms.tf's naming (moto creates them in OK; AWS in INSUFFICIENT_DATA).
alarm_prefix = f"{name}-"
alarm_names = [f"{alarm_prefix}unhealthy-hosts", f"{alarm_prefix}rds-cpu"]
for alarm, namespace, metric, dimensions in (
        (alarm_names[0], "AWS/ApplicationELB", "UnHealthyHostCount", [{"Name": "TargetGroup", "Value": tg.split(":")[-1]}]),
        (alarm_names[1], "AWS/RDS", "CPUUtilization", [{"Name": "DBInstanceIdentifier", "Value": db}])):
    cloudwatch.put_metric_alarm(AlarmName=alarm, Namespace=namespace, MetricName=metric, Dimensions=dimensions,
                                Statistic="Maximum", Period=60, EvaluationPeriods=5, Threshold=1,
                                ComparisonOperator="GreaterThanOrEqualToThreshold")

outputs = {
    "region": args.region,
    "mlflow_url": f"http://{alb['DNSName']}",
    "mlflow_version": "2.18.0",
    "ecs_cluster_name": name,
    "ecs_service_name": name,
    "container_name": container,
    "task_definition_arn": revisions[args.applied_revision],
    "desired_count": args.desired,
    "load_balancer_arn": alb["LoadBalancerArn"],
    "target_group_arn": tg,
    "log_group_name": log_group,
    "db_instance_identifier": db,
    "artifact_bucket_name": bucket,
    "alarm_name_prefix": alarm_prefix,
    "alarm_names": alarm_names,
}
print(json.dumps({key: {"value": value, "type": "string", "sensitive": False} for key, value in outputs.items()}))
