"""A ratchet for the one door (docs/access.md, issue «one door to the record»): the views that
still type the categories of what they show by hand, instead of reading through
los/access/record.py, may only become fewer. A new view that lists categories itself fails
here; read through `open_record` and render with `render_record_page` instead."""

import ast
import pathlib

import los.web

WEB = pathlib.Path(los.web.__file__).parent

# (module, function) calling a page renderer or `log_reads` with categories typed in the
# view. Remove a line when its view reads through open_record; never add one.
STILL_BY_HAND = {
    ("dialogue_views.py", "_render"),
    ("measure_views.py", "_render"),
    ("meeting_views.py", "_render"),
    ("meeting_views.py", "meeting_calendar_file"),
    ("note_views.py", "_render"),
    ("note_views.py", "note_new"),
    ("note_views.py", "_render_note"),
    ("pathway_views.py", "_render"),
    ("pathway_views.py", "pathway"),
    ("plan_views.py", "_render"),
    ("plan_views.py", "activity_edit"),
    ("plan_views.py", "plan_pdf"),
}
RENDERERS = {"render_participant_page", "_render", "_render_note", "log_reads"}


def _typed_by_hand():
    found = set()
    for path in sorted(WEB.glob("*.py")):
        if path.name == "helpers.py":  # where the renderers themselves live
            continue
        for function in ast.walk(ast.parse(path.read_text())):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                typed = any(k.arg == "categories" for k in node.keywords) or (
                    name == "log_reads" and len(node.args) >= 3
                )
                if name in RENDERERS and typed:
                    found.add((path.name, function.name))
    return found


def test_no_new_view_lists_the_categories_it_shows_by_hand():
    new = _typed_by_hand() - STILL_BY_HAND
    assert not new, f"read these through open_record (los/access/record.py): {sorted(new)}"


def test_the_list_is_kept_short_when_a_view_moves_through_the_door():
    gone = STILL_BY_HAND - _typed_by_hand()
    assert not gone, f"remove from STILL_BY_HAND, they read through open_record now: {sorted(gone)}"
