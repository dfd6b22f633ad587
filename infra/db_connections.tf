# How many connections the database accepts, and how many the service may
# open. RDS for PostgreSQL sets max_connections to
# LEAST({DBInstanceClassMemory/9531392}, 5000) unless a parameter group says
# otherwise (rds.tf's does not). The memory below is each class's nominal
# memory from "Hardware specifications for DB instance classes"
# (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html).
# DBInstanceClassMemory is somewhat less (RDS keeps memory for the OS and its
# own processes), so the budget keeps 10% of the figure in reserve (the
# init task, the verifier and psql sessions of an operator use it too).
#
# The service's peak is autoscaling_max_capacity x 2 (a rollout at full scale
# runs old and new tasks side by side, deployment_maximum_percent = 200) x
# gunicorn_workers x SQLAlchemy engines per worker (tracking and model
# registry, and the auth database's with basic-auth) x (mlflow_db_pool_size +
# mlflow_db_max_overflow). The task definition's precondition (ecs.tf) refuses
# a plan whose peak exceeds the budget, so Validate and Plan stop before
# anything changes. The DatabaseConnections alarm (alarms.tf) fires at
# alarm_rds_connections_percent of max_connections.
locals {
  db_instance_memory_gib = {
    "db.t3.micro"    = 1
    "db.t3.small"    = 2
    "db.t3.medium"   = 4
    "db.t3.large"    = 8
    "db.t3.xlarge"   = 16
    "db.t3.2xlarge"  = 32
    "db.t4g.micro"   = 1
    "db.t4g.small"   = 2
    "db.t4g.medium"  = 4
    "db.t4g.large"   = 8
    "db.t4g.xlarge"  = 16
    "db.t4g.2xlarge" = 32
    "db.m5.large"    = 8
    "db.m5.xlarge"   = 16
    "db.m5.2xlarge"  = 32
    "db.m5.4xlarge"  = 64
    "db.m6g.large"   = 8
    "db.m6g.xlarge"  = 16
    "db.m6g.2xlarge" = 32
    "db.m6g.4xlarge" = 64
    "db.m6i.large"   = 8
    "db.m6i.xlarge"  = 16
    "db.m6i.2xlarge" = 32
    "db.m6i.4xlarge" = 64
    "db.m7g.large"   = 8
    "db.m7g.xlarge"  = 16
    "db.m7g.2xlarge" = 32
    "db.m7g.4xlarge" = 64
    "db.r5.large"    = 16
    "db.r5.xlarge"   = 32
    "db.r5.2xlarge"  = 64
    "db.r6g.large"   = 16
    "db.r6g.xlarge"  = 32
    "db.r6g.2xlarge" = 64
    "db.r6i.large"   = 16
    "db.r6i.xlarge"  = 32
    "db.r6i.2xlarge" = 64
    "db.r7g.large"   = 16
    "db.r7g.xlarge"  = 32
    "db.r7g.2xlarge" = 64
  }

  # null for a class missing above: Validate then says to add it.
  db_max_connections = try(min(floor(local.db_instance_memory_gib[var.db_instance_class] * 1073741824 / 9531392), 5000), null)

  db_connection_budget  = local.db_max_connections == null ? null : floor(local.db_max_connections * 0.9)
  db_engines_per_worker = local.auth_enabled ? 3 : 2
  db_peak_connections = (
    var.autoscaling_max_capacity * 2 * var.gunicorn_workers * local.db_engines_per_worker
    * (var.mlflow_db_pool_size + var.mlflow_db_max_overflow)
  )
}
