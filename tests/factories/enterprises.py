from __future__ import annotations

import factory

from enterprises.codes import check_character
from enterprises.models import Enterprise


def credit_code(n: int, *, division: str = "330102") -> str:
    """A valid 统一社会信用代码: 91 (a company registered with market regulation), the division, nine digits."""
    first17 = f"91{division}{n:09d}"
    return first17 + check_character(first17)


class EnterpriseFactory(factory.django.DjangoModelFactory[Enterprise]):
    class Meta:
        model = Enterprise

    credit_code = factory.Sequence(lambda n: credit_code(n + 1))
    name = factory.Sequence(lambda n: f"临江第{n + 1}机械有限公司")
    industry_code = "34"
