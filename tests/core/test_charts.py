"""Server-drawn SVG charts: well-formed, labelled, and refusing data that does not fit."""

import xml.etree.ElementTree as ET

import pytest

from panelist.core import charts


def _texts(svg: str) -> str:
    return " ".join(el.text or "" for el in ET.fromstring(svg).iter() if el.text)


def test_radar_is_well_formed_svg_with_labels_and_marks_missing_dimensions():
    svg = charts.radar(
        ["Coding", "Modeling", "People"],
        [3.5, None, 2.0],
        [3.0, 3.0, 3.0],
        candidate_label="Ana <script>",
        expected_label="Data Scientist expects",
    )
    texts = _texts(svg)
    assert "Coding" in texts and "(not assessed)" in texts
    assert "Ana <script>" in texts  # escaped by the XML writer, read back as text
    assert "<script>" not in svg


def test_radar_refuses_mismatched_or_too_few_dimensions():
    with pytest.raises(ValueError, match="same length"):
        charts.radar(["a", "b", "c"], [1, 2], [1, 2, 3], candidate_label="x", expected_label="y")
    with pytest.raises(ValueError, match="at least three"):
        charts.radar(["a", "b"], [1, 2], [1, 2], candidate_label="x", expected_label="y")


def test_heatmap_labels_every_cell():
    svg = charts.heatmap(["Ana", "Ben"], ["Python", "Stats"], [[3, 0], [1, 2]])
    texts = _texts(svg).split()
    for value in ("0", "1", "2", "3"):
        assert value in texts
    with pytest.raises(ValueError):
        charts.heatmap(["Ana"], ["Python", "Stats"], [[3]])


def test_grouped_bars_mark_missing_values_instead_of_drawing_zero():
    svg = charts.grouped_bars(
        ["Coding", "Modeling"],
        ["Ana", "Ben"],
        [[3.0, None], [2.5, 3.5]],
        reference=[3.0, 3.0],
        reference_label="expected",
    )
    assert "n/a" in _texts(svg)


def test_same_data_gives_the_same_document():
    def draw():
        return charts.heatmap(["Ana"], ["Python"], [[2]])

    assert draw() == draw()


def test_grouped_bars_legend_names_only_the_series_drawn():
    svg = charts.grouped_bars(
        ["Coding", "Modeling"],
        ["Ana", "Ben", "Cleo"],
        [[3.0, None], [None, None], [2.0, 2.5]],
        reference=[3.0, 3.0],
        reference_label="expected",
    )
    texts = _texts(svg)
    assert "Ana" in texts and "Cleo" in texts and "expected" in texts
    assert "Ben" not in texts


def test_grouped_bars_shorten_long_names_and_wrap_group_labels():
    long_name = "Maria-Fernanda Alessandra de los Santos Rodríguez"
    svg = charts.grouped_bars(["Scientific knowledge", "People skills"], [long_name], [[3.0, 2.0]])
    texts = [el.text or "" for el in ET.fromstring(svg).iter() if el.text]
    assert long_name not in " ".join(texts)
    assert charts.short_label(long_name) in texts
    assert len(charts.short_label(long_name)) == charts.LABEL_CHARS
    assert "Scientific knowledge" not in texts  # wrapped onto two lines
    assert "Scientific" in " ".join(texts) and "knowledge" in " ".join(texts)


def test_grouped_bars_with_nothing_to_draw_say_so():
    svg = charts.grouped_bars(["Coding"], ["Ana"], [[None]])
    assert "No ratings to draw yet" in _texts(svg)
    assert "Ana" not in _texts(svg)
