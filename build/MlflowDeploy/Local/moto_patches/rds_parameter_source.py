"""moto stores parameters set through ModifyDBParameterGroup without the
"Source": "user" field that RDS reports for them. The provider keeps only
user-sourced parameters when it reads a parameter group, so every plan would
show rds.force_ssl being added again.
"""

from moto.rds.models import DBParameterGroup


def patch_rds_parameter_source():
    original = DBParameterGroup.update_parameters

    def update_parameters(self, new_parameters):
        original(self, [dict(p, Source="user") for p in new_parameters])

    DBParameterGroup.update_parameters = update_parameters
