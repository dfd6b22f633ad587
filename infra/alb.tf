resource "aws_lb" "mlflow" {
  name               = var.name
  load_balancer_type = "application"
  internal           = var.alb_internal
  subnets            = var.alb_internal ? aws_subnet.private[*].id : aws_subnet.public[*].id
  security_groups    = [aws_security_group.alb.id]

  drop_invalid_header_fields = true
  enable_deletion_protection = var.alb_deletion_protection

  # A proxied artifact upload is answered only once the server has pushed the
  # file to S3; the connection is idle meanwhile, and 60 s (the default) cuts
  # large uploads off.
  idle_timeout = var.alb_idle_timeout_seconds

  # Always present, so that switching the logs off is an update that turns
  # them off rather than a block that silently leaves them on.
  access_logs {
    enabled = var.alb_access_logs_enabled
    bucket  = local.create_log_bucket ? aws_s3_bucket.logs[0].id : ""
    prefix  = var.alb_access_logs_enabled ? local.alb_log_prefix : null
  }

  tags = { Name = var.name }

  # ELB writes a test object when access logs are switched on and refuses
  # them unless the bucket policy already lets it.
  depends_on = [aws_s3_bucket_policy.logs]
}

resource "aws_lb_target_group" "mlflow" {
  name        = "${var.name}-tg"
  target_type = "ip"
  protocol    = "HTTP"
  port        = local.container_port
  vpc_id      = aws_vpc.main.id

  # How long a task being replaced keeps serving requests already in flight.
  # Every rollout waits this long per task, so it trades deploy time against
  # large uploads that happen to span a deploy.
  deregistration_delay = var.alb_deregistration_delay_seconds

  health_check {
    path                = "/health"
    matcher             = "200"
    protocol            = "HTTP"
    port                = "traffic-port"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = { Name = "${var.name}-tg" }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.mlflow.arn
  port              = 80
  protocol          = "HTTP"

  # With HTTPS on, port 80 never reaches MLflow: it only redirects.
  default_action {
    type             = local.https_enabled ? "redirect" : "forward"
    target_group_arn = local.https_enabled ? null : aws_lb_target_group.mlflow.arn

    dynamic "redirect" {
      for_each = local.https_enabled ? [1] : []
      content {
        protocol    = "HTTPS"
        port        = "443"
        status_code = "HTTP_301"
      }
    }
  }
}

resource "aws_lb_listener" "https" {
  count = local.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.mlflow.arn
  port              = 443
  protocol          = "HTTPS"
  # TLS 1.3 and 1.2 with forward-secret AEAD ciphers only.
  ssl_policy      = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.mlflow.arn
  }
}

