"""Genuine-closure checks (销号真实性核查): flags a leader sees on a closed hazard, never blocks.

A closing is doubtful when its rectification photo is the same image as the discovery photo or as
another hazard's photo (perceptual hash within HAZARD_PHOTO_SAME_DISTANCE bits), when the photo's
EXIF time is before the hazard was found, when its EXIF position is farther than HAZARD_PHOTO_FAR_METRES
from the hazard's coordinates, or when the hazard was closed fewer than HAZARD_CLOSE_MIN_DAYS[level]
days after it was found. The flags are computed once, when the hazard is closed (hazards.services),
and stored on it, so the ledger filters them and the ranking counts them in SQL.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import IO, Any

import imagehash
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from hazards.models import ClosureFlag, Hazard, HazardPhoto

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATETIME_ORIGINAL = 0x9003
DATETIME = 0x0132
EARTH_RADIUS_M = 6_371_000


def photo_facts(file: IO[bytes], meta: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What a photo's row keeps besides the file: its perceptual hash, and its EXIF time and position.

    ``meta`` is what the phone read before downscaling stripped the EXIF (hazards.forms); what it lacks is
    read here from the file, when the upload still carries it.
    """
    meta = meta or {}
    facts: dict[str, Any] = {
        "phash": "",
        "taken_at": meta.get("taken_at"),
        "gps_lat": meta.get("gps_lat"),
        "gps_lon": meta.get("gps_lon"),
    }
    try:
        file.seek(0)
        with Image.open(file) as image:
            facts["phash"] = str(imagehash.phash(image))
            exif = image.getexif()
    except (UnidentifiedImageError, OSError, ValueError):
        return facts
    finally:
        file.seek(0)
    if facts["taken_at"] is None:
        facts["taken_at"] = _exif_time(exif)
    if facts["gps_lat"] is None or facts["gps_lon"] is None:
        facts["gps_lat"], facts["gps_lon"] = _exif_position(exif)
    return facts


def _exif_time(exif: Image.Exif) -> dt.datetime | None:
    text = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    try:
        # A camera writes its local time without a zone: the portal's zone is the bureau's.
        return dt.datetime.strptime(str(text).strip("\x00 ") + " +0000", "%Y:%m:%d %H:%M:%S %z").replace(
            tzinfo=timezone.get_current_timezone()
        )
    except (TypeError, ValueError):
        return None


def _exif_position(exif: Image.Exif) -> tuple[Decimal | None, Decimal | None]:
    gps = exif.get_ifd(GPS_IFD)
    try:
        lat = _degrees(gps[2], gps.get(1, "N"), "S")
        lon = _degrees(gps[4], gps.get(3, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None, None
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def _degrees(dms: Iterable[Any], ref: str, negative: str) -> float:
    d, m, s = (float(x) for x in dms)
    value = d + m / 60 + s / 3600
    return -value if str(ref).strip("\x00 ").upper() == negative else value


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def _bits(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _same(photo_hash: str, others: Iterable[str], limit: int) -> bool:
    return any(_bits(photo_hash, other) <= limit for other in others)


def closure_flags(hazards: list[Hazard], *, closed_on: dt.date) -> dict[int, list[str]]:
    """The flags of each hazard about to be closed on ``closed_on``: ClosureFlag codes, by hazard ID.

    Two queries for any number of hazards: their photos, and the photos they could copy. Another
    hazard's photo is looked for in the same townships (where a worker's own earlier photos are) and,
    by exact hash, everywhere; a near-identical copy from another township is not searched (it would
    mean comparing with every photo of the province).
    """
    if not hazards:
        return {}
    limit = settings.HAZARD_PHOTO_SAME_DISTANCE
    far = settings.HAZARD_PHOTO_FAR_METRES
    min_days = settings.HAZARD_CLOSE_MIN_DAYS
    pks = [h.pk for h in hazards]
    photos: dict[int, list[HazardPhoto]] = {pk: [] for pk in pks}
    for photo in (
        HazardPhoto.objects.filter(hazard_id__in=pks)
        .only("hazard_id", "kind", "phash", "taken_at", "gps_lat", "gps_lon")
        .order_by("pk")
    ):
        photos[photo.hazard_id].append(photo)
    unit_of = {h.pk: h.org_unit_id for h in hazards}
    after_hashes = {p.phash for rows in photos.values() for p in rows if p.kind == HazardPhoto.Kind.AFTER and p.phash}
    # (township, hazard, hash) of every photo a rectification photo could have been copied from.
    candidates = [(unit_of[pk], pk, p.phash) for pk, rows in photos.items() for p in rows if p.phash]
    if after_hashes:
        rows = (
            HazardPhoto.objects.filter(Q(hazard__org_unit_id__in=set(unit_of.values())) | Q(phash__in=after_hashes))
            .exclude(hazard_id__in=pks)
            .exclude(phash="")
            .values_list("hazard__org_unit_id", "hazard_id", "phash")
        )
        candidates.extend(rows)
    result: dict[int, list[str]] = {}
    for hazard in hazards:
        flags: list[str] = []
        before = [p.phash for p in photos[hazard.pk] if p.kind == HazardPhoto.Kind.BEFORE and p.phash]
        after = [p for p in photos[hazard.pk] if p.kind == HazardPhoto.Kind.AFTER]
        mine = {p.phash for p in after}
        # Near copies from its own township; exact ones from anywhere.
        others = [h for unit, pk, h in candidates if pk != hazard.pk and (unit == hazard.org_unit_id or h in mine)]
        if any(p.phash and _same(p.phash, before, limit) for p in after):
            flags.append(ClosureFlag.SAME_AS_DISCOVERY)
        if any(p.phash and _same(p.phash, others, limit) for p in after):
            flags.append(ClosureFlag.SAME_AS_OTHER)
        if any(p.taken_at is not None and timezone.localtime(p.taken_at).date() < hazard.found_on for p in after):
            flags.append(ClosureFlag.TAKEN_BEFORE_FOUND)
        if (
            hazard.latitude is not None
            and hazard.longitude is not None
            and any(
                p.gps_lat is not None
                and p.gps_lon is not None
                and distance_m(float(hazard.latitude), float(hazard.longitude), float(p.gps_lat), float(p.gps_lon))
                > far
                for p in after
            )
        ):
            flags.append(ClosureFlag.TAKEN_FAR_AWAY)
        days = min_days.get(hazard.level, 0)
        if days and (closed_on - hazard.found_on).days < days:
            flags.append(ClosureFlag.TOO_FAST)
        result[hazard.pk] = [str(flag) for flag in flags]
    return result
