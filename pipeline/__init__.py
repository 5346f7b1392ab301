"""bkkplan: Thai government plan PDFs to clean, validated datasets."""

import os
from pathlib import Path

__version__ = "0.1.0"

# No network at run time: PyThaiNLP uses its bundled word lists only and keeps its
# data folder out of the home directory; Great Expectations sends no analytics.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_DATA", str(Path.home() / ".cache" / "bkkplan" / "pythainlp-data"))
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
