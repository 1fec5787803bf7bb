"""Build the deterministic demo city: org tree, one user per role, and each
domain app's demo records. Safe to run again: nothing is duplicated."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from org.models import OrgUnit, Role, User
from org.services import org_unit_create, user_create

DEMO_PASSWORD = "Demo@2026"
CITY = ("临江市", "3399")
DISTRICTS = {
    "临江区": [
        "城关街道",
        "江南街道",
        "江北街道",
        "东湖街道",
        "西山街道",
        "南岸街道",
        "北园街道",
        "滨江街道",
        "新城街道",
        "高新街道",
        "白沙镇",
        "桃源镇",
    ],
    "青山县": [
        "青山镇",
        "石桥镇",
        "柳河镇",
        "双溪镇",
        "龙泉镇",
        "云岭乡",
        "梅岭镇",
        "花溪镇",
        "松林乡",
        "安平镇",
        "大石镇",
    ],
}
VILLAGES = ["社区", "村", "村"]
VILLAGE_NAMES = ["和平", "新华", "建设", "长乐", "兴旺", "向阳", "红星", "团结", "富民", "永安", "太平", "金桥"]
DEPARTMENTS = ["应急管理局", "住房和城乡建设局", "交通运输局", "消防救援大队", "市场监督管理局"]

# (username, display name, role, unit name); the unit is looked up by name.
USERS = [
    ("admin", "系统管理员", Role.ADMIN, "临江市"),
    ("leader", "王局长", Role.LEADER, "临江市"),
    ("clerk", "李文员", Role.CLERK, "临江市"),
    ("officer", "张执法", Role.OFFICER, "临江市"),
    ("staff_a", "陈网格", Role.TOWNSHIP_STAFF, "城关街道"),
    ("staff_b", "刘干事", Role.TOWNSHIP_STAFF, "青山镇"),
]


def _division(unit: OrgUnit, code: str) -> None:
    """The demo's division codes are its unit codes (3399 → 339900, 339901, 339901001): GB/T 2260 and 10114 lengths."""
    division = code.ljust(6, "0")
    if unit.division_code != division:
        unit.division_code = division
        unit.full_clean()
        unit.save(update_fields=["division_code"])


def build_org() -> None:
    city = OrgUnit.objects.filter(code=CITY[1]).first() or org_unit_create(
        name=CITY[0], code=CITY[1], kind=OrgUnit.Kind.CITY
    )
    _division(city, CITY[1])
    for d_index, (district_name, townships) in enumerate(DISTRICTS.items(), start=1):
        d_code = f"{CITY[1]}{d_index:02d}"
        district = OrgUnit.objects.filter(code=d_code).first() or org_unit_create(
            name=district_name, code=d_code, kind=OrgUnit.Kind.DISTRICT, parent=city, sort_order=d_index
        )
        _division(district, d_code)
        for t_index, township_name in enumerate(townships, start=1):
            t_code = f"{d_code}{t_index:03d}"
            township = OrgUnit.objects.filter(code=t_code).first() or org_unit_create(
                name=township_name, code=t_code, kind=OrgUnit.Kind.TOWNSHIP, parent=district, sort_order=t_index
            )
            _division(township, t_code)
            for v_index, suffix in enumerate(VILLAGES, start=1):
                v_code = f"{t_code}{v_index:03d}"
                if not OrgUnit.objects.filter(code=v_code).exists():
                    base = VILLAGE_NAMES[(t_index * 3 + v_index + d_index) % len(VILLAGE_NAMES)]
                    org_unit_create(
                        name=f"{base}{suffix}",
                        code=v_code,
                        kind=OrgUnit.Kind.VILLAGE,
                        parent=township,
                        sort_order=v_index,
                    )
    for index, name in enumerate(DEPARTMENTS, start=1):
        code = f"{CITY[1]}D{index:02d}"
        if not OrgUnit.objects.filter(code=code).exists():
            org_unit_create(
                name=f"{CITY[0]}{name}", code=code, kind=OrgUnit.Kind.DEPARTMENT, parent=city, sort_order=100 + index
            )


def build_users() -> None:
    for username, display_name, role, unit_name in USERS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            username=username,
            password=DEMO_PASSWORD,
            display_name=display_name,
            role=role,
            org_unit=OrgUnit.objects.get(name=unit_name),
            is_superuser=(username == "admin"),
        )


class Command(BaseCommand):
    help = "Load the demo city (临江市: 2 districts, 23 townships) with one user per role and demo records."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            build_org()
            build_users()
        call_command("load_criteria", stdout=self.stdout)
        call_command("seed_demo_hazards", stdout=self.stdout)
        call_command("seed_demo_enforcement", stdout=self.stdout)
        call_command("seed_demo_floodprep", stdout=self.stdout)
        call_command("seed_demo_responsibility", stdout=self.stdout)  # after enforcement: its rankings read both
        call_command("seed_demo_enterprises", stdout=self.stdout)  # the firms all those records name
        call_command("match_enterprises", stdout=self.stdout, show=0)  # and the records point at them
        call_command("seed_demo_enterprise_users", stdout=self.stdout)  # ent_a, ent_b: firms with hazards to rectify
        call_command("seed_demo_limits", stdout=self.stdout)  # this year's caps and plans with a draw
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo city ready. Users: {', '.join(u[0] for u in USERS)}, ent_a, ent_b; password {DEMO_PASSWORD}"
            )
        )
