"""Render helpers shared by the renderer tests."""
from __future__ import annotations

from geo.present.render import render_map
from tests.present.render import fixtures as fx

TITLE = "Chinese overseas basing: Project 141"
SUBTITLE = "Open-source reporting, June 2023 \u00b7 UNCLASSIFIED // TEST DATA"


def briefing_html() -> str:
    return render_map(fx.briefing_features(), fx.LAYERS, fx.DOCUMENTS, title=TITLE,
                      subtitle=SUBTITLE, credits=["Articles: WSJ, Reuters, Washington Post"])


def payload_html() -> str:
    return render_map(fx.payload_features() + fx.briefing_features(), fx.PAYLOAD_LAYERS,
                      fx.PAYLOAD_DOCUMENTS, title="<script>alert(1)</script> {{ 7*7 }}",
                      subtitle="</script><img src=x onerror=alert(1)>",
                      credits=["<b>{{ 7*7 }}</b>"])


def layer_switch(driver, title: str):
    """The checkbox of the layer control's overlay whose label contains ``title``."""
    return driver.execute_script("""
        return [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
          .find(l => l.innerText.includes(arguments[0])).querySelector('input');""", title)
