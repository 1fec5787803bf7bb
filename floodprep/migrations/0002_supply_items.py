"""The supply catalogue every bureau starts from (物资储备目录); administrators may edit it."""

from django.db import migrations

ITEMS = [
    ("排水泵", "台"), ("发电机", "台"), ("卫星电话", "部"), ("救生衣", "件"), ("冲锋舟", "艘"), ("橡皮艇", "艘"),
    ("救生圈", "个"), ("编织袋", "只"), ("应急照明灯", "盏"), ("对讲机", "部"), ("帐篷", "顶"), ("折叠床", "张"),
    ("棉被", "床"), ("雨衣雨靴", "套"), ("抢险铁锹", "把"), ("风力灭火机", "台"), ("油锯", "台"),
]


def create(apps, schema_editor):
    SupplyItem = apps.get_model("floodprep", "SupplyItem")
    for order, (name, unit) in enumerate(ITEMS, start=1):
        SupplyItem.objects.get_or_create(name=name, defaults={"unit": unit, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("floodprep", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
