import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_achievements_demands"),
        ("talent", "0001_managers_and_census"),
        ("techmarket", "0001_contract"),
    ]

    operations = [
        migrations.AddField(
            model_name="contract",
            name="achievement",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="contracts",
                to="matching.achievement",
                verbose_name="关联科技成果",
            ),
        ),
        migrations.AddField(
            model_name="contract",
            name="tech_manager",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="contracts",
                to="talent.techmanager",
                verbose_name="技术经理人",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontract",
            name="achievement",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="matching.achievement",
                verbose_name="关联科技成果",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontract",
            name="tech_manager",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="talent.techmanager",
                verbose_name="技术经理人",
            ),
        ),
    ]
