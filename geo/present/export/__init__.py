"""Write the build's outputs for other tools, each file atomically.

One module per format: :mod:`.geojson`, :mod:`.geopackage` (typed dates, the
related claims table, QGIS layer styles), :mod:`.tables` (the CSV files and the
rows they share with :mod:`.xlsx`), :mod:`.kml` (Google Earth, KML and KMZ) and
:mod:`.deck` (the PowerPoint deck). :mod:`.atomic` moves every file into place
only when it is complete, so an interrupted build leaves the previous outputs.
"""
from geo.atomic import atomic_group, atomic_path, clean_stale_temporaries, write_bytes, write_text
from geo.present.export.geojson import geojson_text, write_geojson
from geo.present.export.geopackage import write_geopackage
from geo.present.export.tables import (
                     CLAIM_FIELDS,
                     FINDING_FIELDS,
                     UNRESOLVED_FIELDS,
                     claim_rows,
                     csv_cell,
                     finding_rows,
                     findings_csv_text,
                     formula_like,
                     unresolved_text,
                     write_findings_csv,
                     write_unresolved,
)
from geo.present.export.xlsx import write_xlsx, xlsx_bytes

__all__ = ["atomic_group", "atomic_path", "clean_stale_temporaries", "write_bytes", "write_text", "geojson_text",
           "write_geojson", "write_geopackage", "CLAIM_FIELDS", "FINDING_FIELDS", "UNRESOLVED_FIELDS",
           "claim_rows", "csv_cell", "finding_rows", "findings_csv_text", "formula_like", "unresolved_text",
           "write_findings_csv", "write_unresolved", "write_xlsx", "xlsx_bytes"]
