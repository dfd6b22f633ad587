# HTTPS needs a certificate for mlflow_hostname. Either it is given
# (certificate_arn) or, with a Route 53 zone, requested here and validated by
# DNS; the HTTPS listener then waits until ACM has issued it. A host name
# outside the zone fails fast: Route 53 refuses the validation record.

resource "aws_acm_certificate" "mlflow" {
  count = local.create_certificate ? 1 : 0

  domain_name       = var.mlflow_hostname
  validation_method = "DNS"

  tags = { Name = var.mlflow_hostname }

  lifecycle {
    # A renamed host gets its new certificate before the listener lets go of
    # the old one.
    create_before_destroy = true
  }
}

resource "aws_route53_record" "certificate_validation" {
  for_each = {
    for option in flatten(aws_acm_certificate.mlflow[*].domain_validation_options) :
    option.domain_name => option
  }

  zone_id = var.route53_zone_id
  name    = each.value.resource_record_name
  type    = each.value.resource_record_type
  records = [each.value.resource_record_value]
  ttl     = 300

  # The validation record of a name is the same for every certificate of that
  # name, so a record left by an earlier certificate is taken over, not fought.
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "mlflow" {
  count = local.create_certificate ? 1 : 0

  certificate_arn         = aws_acm_certificate.mlflow[0].arn
  validation_record_fqdns = [for record in aws_route53_record.certificate_validation : record.fqdn]

  timeouts {
    create = "30m"
  }
}
