# mlflow_hostname -> load balancer, when the stack owns the name's zone. An
# alias answers with the ALB's current addresses and costs no queries.
resource "aws_route53_record" "mlflow" {
  count = var.route53_zone_id != null && var.create_dns_record ? 1 : 0

  zone_id = var.route53_zone_id
  name    = var.mlflow_hostname
  type    = "A"

  alias {
    name                   = aws_lb.mlflow.dns_name
    zone_id                = aws_lb.mlflow.zone_id
    evaluate_target_health = true
  }
}
