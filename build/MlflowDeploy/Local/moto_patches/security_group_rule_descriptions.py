"""A security-group rule that references another group keeps its Description
in the group pair, but moto's DescribeSecurityGroupRules reads the description
of CIDR rules only, so aws_vpc_security_group_*_rule with
referenced_security_group_id always read back with no description.
"""

from moto.ec2.models.security_groups import SecurityGroupBackend, SecurityGroupRule


def patch_security_group_rule_descriptions():
    # A rule holds either a CIDR (ip_range) or a group pair (source_group);
    # AWS reports the description of either kind.
    def description(self):
        if self.source_group:
            return self.source_group.get("Description")
        return self.ip_range.get("Description")

    SecurityGroupRule.description = property(description)

    # ModifySecurityGroupRules (how the provider updates a description)
    # writes into ip_range whatever the rule's kind; move it to where the
    # group pair, DescribeSecurityGroups and the property above read it.
    original_modify = SecurityGroupBackend.modify_security_group_rules

    def modify_security_group_rules(self, group_id, rules):
        original_modify(self, group_id, rules)
        group = self.get_security_group_by_name_or_id(group_id)
        for rule_id in rules:
            rule = group.get_rule(rule_id)
            if rule is not None and rule.source_group and "Description" in rule.ip_range:
                rule.source_group["Description"] = rule.ip_range.pop("Description")

    SecurityGroupBackend.modify_security_group_rules = modify_security_group_rules
