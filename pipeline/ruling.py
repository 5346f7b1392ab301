"""Ruling lines to cell boxes: the geometry the tables stage and the OCR page reader share.

pdfplumber's own edge -> intersection -> cell functions, with the tolerances named once.
"""

from __future__ import annotations

from collections.abc import Sequence

from pdfplumber import table as pdfplumber_table

from .records import BBox, Edge

# Ruling lines closer than this are the same line (points).
SNAP_TOLERANCE = 3.0
# Collinear segments with gaps smaller than this form one line.
JOIN_TOLERANCE = 3.0
# Lines that miss each other by this much still intersect.
INTERSECTION_TOLERANCE = 3.0


def _edge_dicts(edges: Sequence[Edge]) -> list[dict]:
    return [
        {
            "x0": e.x0,
            "x1": e.x1,
            "top": e.top,
            "bottom": e.bottom,
            "width": e.x1 - e.x0,
            "height": e.bottom - e.top,
            "orientation": e.orientation,
            "object_type": "line",
        }
        for e in edges
    ]


def cell_boxes(edges: Sequence[Edge]) -> list[BBox]:
    """The cells the ruling lines enclose (x0, top, x1, bottom in points)."""
    merged = pdfplumber_table.merge_edges(
        _edge_dicts(edges), SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE
    )
    points = pdfplumber_table.edges_to_intersections(merged, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)
    return [tuple(map(float, c)) for c in pdfplumber_table.intersections_to_cells(points)]


def table_groups(edges: Sequence[Edge]) -> list[list[BBox]]:
    """The cells grouped into tables (cells that touch belong to one table)."""
    return [
        [tuple(map(float, c)) for c in group] for group in pdfplumber_table.cells_to_tables(cell_boxes(edges))
    ]
