# The chain: clients (alb_ingress_cidrs) -> ALB (80/443) -> tasks (5000) -> database (5432).
# Rules are separate resources so that each one is visible in a plan and no
# group holds inline rules that would fight them.

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "MLflow load balancer"
  vpc_id      = aws_vpc.main.id

  tags = { Name = "${var.name}-alb" }
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each = {
    for pair in setproduct(local.https_enabled ? [80, 443] : [80], var.alb_ingress_cidrs) :
    "${pair[0]}-${pair[1]}" => { port = pair[0], cidr = pair[1] }
  }

  security_group_id = aws_security_group.alb.id
  description       = "Clients to the load balancer"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
}

# The ALB only ever opens connections to the tasks.
resource "aws_vpc_security_group_egress_rule" "alb_to_ecs" {
  security_group_id            = aws_security_group.alb.id
  description                  = "Load balancer to MLflow tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.container_port
  to_port                      = local.container_port
  referenced_security_group_id = aws_security_group.ecs.id
}

resource "aws_security_group" "ecs" {
  name        = "${var.name}-ecs"
  description = "MLflow Fargate tasks"
  vpc_id      = aws_vpc.main.id

  tags = { Name = "${var.name}-ecs" }
}

resource "aws_vpc_security_group_ingress_rule" "ecs_from_alb" {
  security_group_id            = aws_security_group.ecs.id
  description                  = "Load balancer to MLflow"
  ip_protocol                  = "tcp"
  from_port                    = local.container_port
  to_port                      = local.container_port
  referenced_security_group_id = aws_security_group.alb.id
}

resource "aws_vpc_security_group_egress_rule" "ecs_to_rds" {
  security_group_id            = aws_security_group.ecs.id
  description                  = "MLflow to PostgreSQL"
  ip_protocol                  = "tcp"
  from_port                    = local.db_port
  to_port                      = local.db_port
  referenced_security_group_id = aws_security_group.rds.id
}

# HTTPS anywhere: there are no VPC endpoints, so the image pull (ghcr.io),
# pip (PyPI), Secrets Manager, CloudWatch Logs and S3 are all reached through
# the NAT gateway on 443. DNS goes to the VPC resolver, which security groups
# do not filter.
resource "aws_vpc_security_group_egress_rule" "ecs_https" {
  security_group_id = aws_security_group.ecs.id
  description       = "MLflow to AWS APIs, image registry and PyPI"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# No egress rules: the database answers connections but never opens any.
resource "aws_security_group" "rds" {
  name        = "${var.name}-rds"
  description = "MLflow PostgreSQL"
  vpc_id      = aws_vpc.main.id

  tags = { Name = "${var.name}-rds" }
}

resource "aws_vpc_security_group_ingress_rule" "rds_from_ecs" {
  security_group_id            = aws_security_group.rds.id
  description                  = "MLflow tasks to PostgreSQL"
  ip_protocol                  = "tcp"
  from_port                    = local.db_port
  to_port                      = local.db_port
  referenced_security_group_id = aws_security_group.ecs.id
}
