"""A shared report to the counsellor is a record of what was sent: PostgreSQL refuses to
change or delete one, whatever code runs. (SQLite, for the demo only, relies on the model.)"""

from django.db import migrations

CREATE = """
CREATE FUNCTION pathways_reportversion_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'pathways_reportversion: a shared report is never changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER pathways_reportversion_immutable
    BEFORE UPDATE OR DELETE ON pathways_reportversion
    FOR EACH ROW EXECUTE FUNCTION pathways_reportversion_immutable();
"""
DROP = """
DROP TRIGGER IF EXISTS pathways_reportversion_immutable ON pathways_reportversion;
DROP FUNCTION IF EXISTS pathways_reportversion_immutable();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("pathways", "0003_counsellor_reports")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
