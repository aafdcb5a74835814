"""The six disciplines use the codes of inspection.disciplines ("mass" becomes "masses")."""

from django.db import migrations


def rename(apps, schema_editor, old="mass", new="masses"):
    Discipline = apps.get_model("findings", "Discipline")
    Finding = apps.get_model("findings", "Finding")
    stale = Discipline.objects.filter(code=old).first()
    if stale is None:
        return
    current = Discipline.objects.filter(code=new).first()
    if current is None:
        stale.code = new
        stale.save(update_fields=["code"])
        return
    Through = Finding.disciplines.through
    for finding_id in Through.objects.filter(discipline_id=stale.pk).values_list(
        "finding_id", flat=True
    ):
        Through.objects.get_or_create(finding_id=finding_id, discipline_id=current.pk)
    Through.objects.filter(discipline_id=stale.pk).delete()
    stale.delete()


def back(apps, schema_editor):
    rename(apps, schema_editor, old="masses", new="mass")


class Migration(migrations.Migration):
    dependencies = [("findings", "0004_input_limits")]

    operations = [migrations.RunPython(rename, back)]
