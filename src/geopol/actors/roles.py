"""Persons and their time-bounded offices.

A person belongs to a state's government only while in office: "the prime minister" in a
text about 2013 is whoever held that office in 2013. Dates are ISO strings of any precision
("2013", "2013-05", "2013-05-20"); a role overlaps a partial date when any day of it falls
inside the term.
"""

from __future__ import annotations

from functools import lru_cache

from geopol.actors.gazetteer import Role, load_gazetteer

# Offices a title can stand for when the state does not use that exact title: a text's
# "the president" of a state that has only a prime minister should not match anyone, but
# "the leader" could be either. Kept small on purpose.
HEAD_ROLES = ("president", "monarch", "supreme_leader")
GOVERNMENT_HEAD_ROLES = ("prime_minister", "chancellor")


@lru_cache(maxsize=1)
def _roles_by_country_and_role() -> dict[tuple[str, str], list[Role]]:
    table: dict[tuple[str, str], list[Role]] = {}
    for role in load_gazetteer().roles:
        table.setdefault((role.country, role.role), []).append(role)
    return table


@lru_cache(maxsize=1)
def _roles_by_person() -> dict[str, list[Role]]:
    table: dict[str, list[Role]] = {}
    for role in load_gazetteer().roles:
        table.setdefault(role.person_id, []).append(role)
    return table


def role_holder(country: str, role: str, when: str | None) -> Role | None:
    """Who held ``role`` in ``country`` on ``when``; None when unknown or ambiguous."""
    if not when:
        return None
    holders = [r for r in _roles_by_country_and_role().get((country, role), []) if r.holds_on(when)]
    if len({r.person_id for r in holders}) != 1:
        # Two holders in one partial date (a change of office that year): no guess.
        return None
    return holders[0]


def roles_of(person_id: str) -> list[Role]:
    return list(_roles_by_person().get(person_id, []))


def role_on(person_id: str, when: str | None) -> Role | None:
    """The office ``person_id`` held on ``when`` (the senior one if several)."""
    if not when:
        return None
    held = [r for r in roles_of(person_id) if r.holds_on(when)]
    if not held:
        return None
    order = {name: i for i, name in enumerate((*HEAD_ROLES, *GOVERNMENT_HEAD_ROLES))}
    held.sort(key=lambda r: order.get(r.role, len(order)))
    return held[0]


def countries_with_role(role: str, when: str | None) -> set[str]:
    """States for which the role table knows who held ``role`` on ``when``."""
    if not when:
        return set()
    return {
        country
        for (country, name), roles in _roles_by_country_and_role().items()
        if name == role and any(r.holds_on(when) for r in roles)
    }
