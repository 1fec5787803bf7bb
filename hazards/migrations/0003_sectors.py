"""The sector list every bureau starts from; administrators may edit it."""

from django.db import migrations

SECTORS = [
    ("fire", "消防"), ("industry_trade", "工贸"), ("construction", "建筑施工"), ("road_traffic", "道路交通"),
    ("town_gas", "城镇燃气"), ("hazardous_chemicals", "危险化学品"), ("confined_space", "有限空间"),
    ("self_built_housing", "自建房"), ("waterway", "水上交通"), ("special_equipment", "特种设备"), ("other", "其他"),
]


def create(apps, schema_editor):
    Sector = apps.get_model("hazards", "Sector")
    for order, (code, name) in enumerate(SECTORS, start=1):
        Sector.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("hazards", "0002_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
