"""Disclosure control: hand-made cubes whose patterns and ranges are worked out by hand, and
random cubes on which the linear-programming audit must find every hidden cell's range wider
than the threshold (docs/disclosure-control.md)."""

import random

from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from los.reporting import disclosure
from los.reporting.cube import ALL, Cube, Dimension, rolled_up
from los.reporting.disclosure import footnote, suppress, suppress_rate
from los.reporting.disclosure_audit import feasible_ranges, unsafe


def everything(_key) -> bool:
    return True


def flat(name: str, *values: str) -> Dimension:
    return Dimension(name, {value: value for value in values})


def geography(**services_by_county: list[str]) -> Dimension:
    labels, parents = {}, {}
    for county, services in services_by_county.items():
        labels[county] = county
        for service in services:
            labels[service] = service
            parents[service] = county
    return Dimension("geography", labels, parents)


def ranges_by_key(cube, hidden):
    return {r.key: (r.low, r.high) for r in feasible_ranges(cube, hidden)}


# A 2 × 2 table (two services × two genders) with one small cell.
TWO_BY_TWO = rolled_up(
    (geography(c=["s1", "s2"]), flat("gender", "f", "m")),
    {("s1", "f"): 2, ("s1", "m"): 10, ("s2", "f"): 8, ("s2", "m"): 12},
    keep=everything,
)


def test_two_by_two_hides_the_small_cell_and_the_three_that_would_give_it_away():
    hidden = suppress(TWO_BY_TWO, 5)

    assert hidden == {("s1", "f"), ("s1", "m"), ("s2", "f"), ("s2", "m")}
    # Moving t people around the square keeps every total: s1/f = 2 + t, s1/m = 10 − t,
    # s2/f = 8 − t, s2/m = 12 + t, all ≥ 0, so t runs from −2 to 8: each cell spans 10.
    assert ranges_by_key(TWO_BY_TWO, hidden) == {
        ("s1", "f"): (0, 10),
        ("s1", "m"): (2, 12),
        ("s2", "f"): (0, 10),
        ("s2", "m"): (10, 20),
    }


def test_the_margins_of_the_two_by_two_stay_shown():
    hidden = suppress(TWO_BY_TWO, 5)

    shown = {key: count for key, count in TWO_BY_TWO.counts.items() if key not in hidden}
    assert shown == {
        ("s1", ALL): 12,
        ("s2", ALL): 20,
        ("c", "f"): 10,
        ("c", "m"): 22,
        ("c", ALL): 32,
        (ALL, "f"): 10,
        (ALL, "m"): 22,
        (ALL, ALL): 32,
    }


# Two counties; in c1 one service has 3 enrolments.
HIERARCHY = rolled_up(
    (geography(c1=["s1", "s2", "s3"], c2=["s4", "s5"]),),
    {("s1",): 3, ("s2",): 20, ("s3",): 30, ("s4",): 10, ("s5",): 12},
)


def test_a_county_total_minus_the_other_services_would_give_a_small_service_away():
    # Hiding only the small service is no protection: 53 − 20 − 30 = 3.
    assert [(r.key, r.low, r.high) for r in unsafe(HIERARCHY, frozenset({("s1",)}), 5)] == [
        (("s1",), 3, 3)
    ]


def test_the_smallest_other_service_is_hidden_with_it():
    hidden = suppress(HIERARCHY, 5)

    assert hidden == {("s1",), ("s2",)}
    # s1 + s2 = 53 − 30 = 23: each can be anything from 0 to 23.
    assert ranges_by_key(HIERARCHY, hidden) == {("s1",): (0, 23), ("s2",): (0, 23)}


# The same services by gender only, and by gender and by programme.
GENDER_COUNTS = {
    ("s1", "f"): 3,
    ("s1", "m"): 7,
    ("s2", "f"): 12,
    ("s2", "m"): 8,
}
GENDER_ONLY = rolled_up((geography(c=["s1", "s2"]), flat("gender", "f", "m")), GENDER_COUNTS)
TWO_BREAKDOWNS = rolled_up(
    (geography(c=["s1", "s2"]), flat("programme", "ips", "ung"), flat("gender", "f", "m")),
    {(service, "ips", gender): count for (service, gender), count in GENDER_COUNTS.items()},
)


def test_a_cell_safe_in_one_breakdown_is_given_away_by_the_other():
    # Hiding each service's women and total protects s1/f within the gender table: moving
    # t women (and the totals with them) between the services keeps every shown figure.
    by_gender = frozenset({("s1", "f"), ("s1", ALL), ("s2", "f"), ("s2", ALL)})
    assert unsafe(GENDER_ONLY, by_gender, 5) == []
    # By programme the service totals are shown (s1: 10 in IPS, 0 in the other), so
    # s1/f = 10 − 7 = 3 again.
    by_both = frozenset({("s1", ALL, "f"), ("s1", ALL, ALL), ("s2", ALL, "f"), ("s2", ALL, ALL)})
    narrowed = {(r.key, r.low, r.high) for r in unsafe(TWO_BREAKDOWNS, by_both, 5)}
    assert (("s1", ALL, "f"), 3, 3) in narrowed


def test_suppression_sees_every_breakdown_of_the_cube():
    hidden = suppress(TWO_BREAKDOWNS, 5)

    assert ("s1", ALL, "f") in hidden
    assert unsafe(TWO_BREAKDOWNS, hidden, 5) == []


def test_zero_is_shown_and_never_small():
    cube = rolled_up((geography(c=["s1", "s2", "s3"]),), {("s1",): 0, ("s2",): 7, ("s3",): 9})

    assert suppress(cube, 5) == frozenset()
    assert disclosure.is_small(0, 5) is False
    assert [disclosure.is_small(n, 5) for n in (1, 4, 5)] == [True, True, False]


def test_a_hidden_cell_next_to_zeros_is_protected_by_a_nonzero_one():
    # s1 = 2 beside two zeros: hiding a zero with it would leave 0..2; the next service up
    # with figures (7) is hidden instead.
    cube = rolled_up(
        (geography(c=["s1", "s2", "s3", "s4"]),),
        {("s1",): 2, ("s2",): 0, ("s3",): 0, ("s4",): 7},
    )

    hidden = suppress(cube, 5)

    assert hidden == {("s1",), ("s4",)}
    assert ranges_by_key(cube, hidden) == {("s1",): (0, 9), ("s4",): (0, 9)}


def test_a_row_of_small_cells_hides_its_total_and_its_neighbour():
    # c1 has 2 + 3 = 5: both services are small and together they span only 0..5, which
    # is not wider than 5, so c1 is hidden too, and c2 with it (the nation is shown),
    # and one of c2's services.
    cube = rolled_up(
        (geography(c1=["s1", "s2"], c2=["s3", "s4"]),),
        {("s1",): 2, ("s2",): 3, ("s3",): 20, ("s4",): 30},
    )

    hidden = suppress(cube, 5)

    assert hidden == {("s1",), ("s2",), ("c1",), ("c2",), ("s3",)}
    # c1 + c2 = 55 and c2 = s3 + 30: c1 runs 0..25, and s1 with it.
    assert ranges_by_key(cube, hidden) == {
        ("s1",): (0, 25),
        ("s2",): (0, 25),
        ("c1",): (0, 25),
        ("c2",): (30, 55),
        ("s3",): (0, 25),
    }


def test_the_range_must_be_wider_than_the_threshold_not_equal_to_it():
    cube = rolled_up(
        (geography(c1=["s1", "s2"], c2=["s3", "s4"]),),
        {("s1",): 2, ("s2",): 3, ("s3",): 20, ("s4",): 30},
    )
    pair = frozenset({("s1",), ("s2",)})  # s1 + s2 = 5: each spans 0..5

    assert {r.key for r in unsafe(cube, pair, 5)} == {("s1",), ("s2",)}
    assert unsafe(cube, pair, 4) == []


def test_the_edge_found_only_by_the_linear_programmes_is_widened():
    # The cheap rules leave every constraint with two hidden cells here, but together the
    # constraints pin the small cells to a range of 5 (found by search among random cubes:
    # the programmes, not the rules, must catch it).
    rng = random.Random(25)
    cube = _random_cube(rng, services=rng.randint(2, 6), counties=rng.randint(1, 3),
                        others=[rng.randint(2, 3) for _ in range(rng.randint(1, 3))])  # fmt: skip
    by_rules = disclosure._protect([cube], 5, measure=False)
    assert [(r.key, r.value, r.low, r.high) for r in unsafe(cube, by_rules, 5)][:2] == [
        (("s1", "v0"), 3, 0, 5),
        (("s1", "v2"), 3, 1, 6),
    ]

    hidden = suppress(cube, 5)

    assert by_rules < hidden
    assert unsafe(cube, hidden, 5) == []


def test_the_same_counts_in_another_order_give_the_same_pattern():
    rng = random.Random(7)
    cube = _random_cube(rng, services=6, counties=2, others=[3, 2])
    items = list(cube.counts.items())
    random.Random(1).shuffle(items)
    shuffled = Cube(dimensions=cube.dimensions, counts=dict(items))

    assert suppress(shuffled, 5) == suppress(cube, 5)


@override_settings(MIN_CELL_SIZE=3)
def test_the_threshold_is_the_one_setting():
    assert disclosure.MIN_CELL_SIZE == 3
    assert suppress(HIERARCHY) == frozenset()  # 3 is no longer small
    assert footnote() == (
        "Tall under 3 er skjult (●). Noen andre tall er også skjult, slik at de skjulte ikke "
        "kan regnes ut fra summene."
    )


def test_the_footnote_names_the_default_threshold():
    assert footnote() == (
        "Tall under 5 er skjult (●). Noen andre tall er også skjult, slik at de skjulte ikke "
        "kan regnes ut fra summene."
    )


# A rate: people in work (numerator) of people served (denominator), per service.
SERVED = rolled_up((geography(c=["s1", "s2", "s3"]),), {("s1",): 3, ("s2",): 40, ("s3",): 30})
IN_WORK = rolled_up((geography(c=["s1", "s2", "s3"]),), {("s1",): 0, ("s2",): 2, ("s3",): 12})


def test_a_rate_is_hidden_where_its_numerator_or_denominator_is():
    hidden = suppress_rate(IN_WORK, SERVED, 5)

    # s1: 3 served (small); s2: 2 in work (small). s3 is hidden with them: shown, it would
    # give both away from the county's figures (14 in work, 73 served).
    assert hidden == {("s1",), ("s2",), ("s3",)}


def test_a_zero_among_few_is_not_given_away_by_the_numerators_sums():
    # «0 of 3 in work» is a fact about each of the three. Hidden with the denominator, the
    # numerator's 0 must not follow from 14 − 2 − 12 either: every numerator and
    # denominator of the pattern spans more than 5, even knowing that no service has more
    # people in work than served.
    hidden = suppress_rate(IN_WORK, SERVED, 5)

    assert unsafe([IN_WORK, SERVED], hidden, 5, ordered=True) == []
    numerator = {r.key: (r.low, r.high) for r in feasible_ranges(IN_WORK, hidden)}
    assert numerator[("s1",)] == (0, 14)


def test_rate_cubes_must_share_their_dimensions():
    other = rolled_up((geography(c=["s1"]),), {("s1",): 1})
    try:
        suppress_rate(other, SERVED)
    except ValueError as error:
        assert "dimensions" in str(error)
    else:
        raise AssertionError("a rate of two different cubes was accepted")


def _random_cube(rng, *, services: int, counties: int, others: list[int], small=None) -> Cube:
    counties_ = {f"c{c}": [] for c in range(counties)}
    for s in range(services):
        counties_[f"c{s % counties}"].append(f"s{s}")
    dimensions = [geography(**counties_)]
    dimensions += [flat(f"d{n}", *(f"v{i}" for i in range(size))) for n, size in enumerate(others)]
    choices = small or [0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20]
    finest = {}
    for key in _product([[f"s{s}" for s in range(services)]]
                        + [[f"v{i}" for i in range(size)] for size in others]):  # fmt: skip
        finest[key] = rng.choice(choices)
    return rolled_up(tuple(dimensions), finest)


def _product(options):
    if not options:
        return [()]
    return [(first, *rest) for first in options[0] for rest in _product(options[1:])]


cubes = st.builds(
    lambda seed, services, counties, others: _random_cube(
        random.Random(seed), services=services, counties=min(counties, services), others=others
    ),
    seed=st.integers(0, 10**9),
    services=st.integers(1, 7),
    counties=st.integers(1, 3),
    others=st.lists(st.integers(2, 4), min_size=0, max_size=3),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cube=cubes, threshold=st.sampled_from([3, 5]))
def test_every_hidden_cell_of_a_random_cube_spans_more_than_the_threshold(cube, threshold):
    hidden = suppress(cube, threshold)

    assert unsafe(cube, hidden, threshold) == []
    small = {key for key, count in cube.counts.items() if 0 < count < threshold}
    assert small <= hidden


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), services=st.integers(2, 6), others=st.integers(2, 3))
def test_every_hidden_cell_of_a_random_rate_spans_more_than_the_threshold(seed, services, others):
    rng = random.Random(seed)
    served = _random_cube(rng, services=services, counties=2, others=[others])
    finest_served = {  # services (not counties) by a value (not ALL)
        k: v for k, v in served.counts.items() if k[0].startswith("s") and ALL not in k
    }
    in_work = rolled_up(
        served.dimensions, {key: rng.randint(0, count) for key, count in finest_served.items()}
    )

    hidden = suppress_rate(in_work, served, 5)

    assert unsafe([in_work, served], hidden, 5, ordered=True) == []
    for cube in (in_work, served):
        assert {key for key, count in cube.counts.items() if 0 < count < 5} <= hidden
