"""Interviewer calibration. ``panelist.calibration`` exposes the pure-numpy statistics of
``stats`` (no Django import), so they can be used, tested and benchmarked alone."""

from panelist.calibration.stats import (
    CrossedFit,
    DisconnectedDesign,
    design_problems,
    fit_crossed,
    icc,
    krippendorff_alpha,
    krippendorff_alpha_long,
)

__all__ = [
    "CrossedFit",
    "DisconnectedDesign",
    "design_problems",
    "fit_crossed",
    "icc",
    "krippendorff_alpha",
    "krippendorff_alpha_long",
]
