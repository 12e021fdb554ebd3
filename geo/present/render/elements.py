"""branca/folium elements for the briefing map.

All of them render through ``SafeMacroElement``: branca's ``MacroElement``
wraps each macro's output in ``Element(output)``, which compiles that output
as a *new Jinja template*, so any ``{{ ... }}`` in article text would run
(checked: ``{{ lipsum.__globals__["os"].getpid() }}`` in a folium Tooltip
executes). ``SafeMacroElement`` hands the output to the figure verbatim.

Templates live in ``geo/present/render/templates`` and use an autoescaping
environment; JSON goes through ``safety.js_json``.

Example::

    m = folium.Map(tiles=None)
    TitleBlock("Overseas basing", "Open-source reporting").add_to(m)
"""
from __future__ import annotations

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from geo.present.render import assets
from geo.present.render.safety import html_text, js_json


def _finalize(value):
    # Every {{ }} output: Markup passes (already safe), anything else is
    # escaped including braces (inert if a later stage re-parses it).
    if isinstance(value, Markup):
        return value
    return Markup(html_text(value))


ENV = Environment(
    loader=PackageLoader("geo.present.render", "templates"),
    autoescape=True,
    finalize=_finalize,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["js"] = lambda obj: Markup(js_json(obj))
ENV.filters["raw_asset"] = Markup  # only for our own packaged JS/CSS


class RawElement(Element):
    """An element that renders to fixed text, with no Jinja pass.

    >>> RawElement("{{ 7*7 }}").render()
    '{{ 7*7 }}'
    """

    def __init__(self, text: str):
        super().__init__()
        self._name = "RawElement"
        self._text = str(text)

    def render(self, **kwargs) -> str:
        return self._text


class SafeMacroElement(MacroElement):
    """MacroElement whose macro output reaches the figure verbatim.

    Subclasses set ``template_name`` (a file in ``templates/`` defining any of
    the ``header``/``html``/``script`` macros, called with ``this``).
    """

    template_name = ""

    def __init__(self):
        super().__init__()
        self._name = type(self).__name__
        self._template = ENV.get_template(self.template_name)

    def map_name(self) -> str:
        """JS variable of the enclosing folium Map."""
        node = self._parent
        while node is not None and not isinstance(node, folium.Map):
            node = node._parent
        if node is None:
            raise ValueError(f"{type(self).__name__} must be inside a folium.Map")
        return node.get_name()

    def render(self, **kwargs):
        figure = self.get_root()
        assert isinstance(figure, Figure), "render inside a Figure"
        module = self._template.module
        for part, target in (("header", figure.header), ("html", figure.html),
                             ("script", figure.script)):
            macro = getattr(module, part, None)
            if macro is not None:
                target.add_child(RawElement(macro(self)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class InlineAssets(SafeMacroElement):
    """Leaflet, our CSS and the runtime's core, inlined into ``<head>``.

    No jQuery: folium calls ``$`` only from ``Popup`` and ``keep_in_front``,
    and the map uses neither (popups are built by the runtime);
    ``build_map`` refuses a tree that contains them.
    """

    template_name = "assets.html"

    def __init__(self, title: str):
        super().__init__()
        self.title = title
        self.leaflet_css = assets.leaflet_css()
        self.leaflet_js = assets.leaflet_js()
        self.own_css = assets.static_text("briefmap.css")
        self.runtime_js = assets.static_text("core.js")
        self.pin = assets.pin_icon_uri()
        self.shadow = assets.empty_image_uri()


class RuntimeModule(SafeMacroElement):
    """One feature of the page's runtime: ``static/<js_name>`` inlined into
    ``<head>`` (it registers itself with ``BRIEFMAP.module``), plus whatever
    HTML and placement script its template defines. Add them to the map in
    the order their panels should stack."""

    template_name = "module.html"
    js_name = ""

    def __init__(self):
        super().__init__()
        self.js = assets.static_text(self.js_name)


class Markers(RuntimeModule):
    """One ring marker per place, grouping, spreading, popups."""

    js_name = "markers.js"


class Routes(RuntimeModule):
    """Visit arcs and relation links, their popups and labels."""

    js_name = "routes.js"


class Countries(RuntimeModule):
    """Findings about a whole country on its outline: hatched land, a tag inside it, a panel."""

    js_name = "countries.js"


class Named(RuntimeModule):
    """The "Also named" dots: places the findings name literally but are not drawn at."""

    js_name = "named.js"


class Labels(RuntimeModule):
    """Label placement: story places always labelled (callouts when crowded)."""

    js_name = "labels.js"


class Timeline(RuntimeModule):
    """Year histogram, range handles and playback (bottom left)."""

    template_name = "timeline.html"
    js_name = "timeline.js"

    def __init__(self, time_range: dict):
        super().__init__()
        self.time_range = time_range


class Filters(RuntimeModule):
    """Status, source and actor filters, under the layer toggles."""

    template_name = "filters.html"
    js_name = "filters.js"


class Search(RuntimeModule):
    """Search box for places and words in the claims (top left)."""

    template_name = "search.html"
    js_name = "search.js"


class Story(RuntimeModule):
    """Projector-mode story panel and key strip."""

    template_name = "story.html"
    js_name = "story.js"

    def __init__(self, story: dict):
        super().__init__()
        self.story = story


class Unplaced(RuntimeModule):
    """The "Not placed" panel: findings the map draws at no place or route (bottom right,
    above the sources). No panel when there are none."""

    template_name = "unplaced.html"
    js_name = "unplaced.js"

    def __init__(self, count: int):
        super().__init__()
        self.count = int(count)


class Print(RuntimeModule):
    """Print on one landscape page, the current view refitted."""

    js_name = "print.js"


class Basemap(SafeMacroElement, Layer):
    """Natural Earth outlines as a non-interactive GeoJSON *base* layer."""

    template_name = "basemap.html"

    def __init__(self, geojson: dict, name: str, style: dict, seam: float | None = None):
        SafeMacroElement.__init__(self)
        self.layer_name, self.overlay, self.control, self.show = name, False, True, True
        self.geojson = geojson
        self.style = style
        self.seam = seam        # where the map is cut (geo/present/render/meridian.py); None: at 180

    def render(self, **kwargs):
        # Layer.render would add an addTo(map) child; our template does it.
        SafeMacroElement.render(self, **kwargs)


class BasemapDetail(SafeMacroElement):
    """1:10m land, borders and city names around the findings' places, drawn
    with the outlines (its parent) from a given zoom on."""

    template_name = "basemap_detail.html"

    def __init__(self, detail: dict, style: dict, seam: float | None = None):
        super().__init__()
        self.detail = detail
        self.style = style
        self.seam = seam


class LayerSwitch(SafeMacroElement):
    """Registers its parent FeatureGroup as the on/off switch of one layer.

    The FeatureGroups stay empty: the runtime draws one marker per place for
    all layers together and re-counts it from the layers that are switched on
    (and the timeline), so a place never becomes a stack of markers.
    """

    template_name = "layer.html"

    def __init__(self, layer_id: str):
        super().__init__()
        self.layer_id = layer_id


class DistanceOverlay(RuntimeModule):
    """Stated distances: geodesic ring, measured line and label (in its parent FeatureGroup)."""

    template_name = "distances.html"
    js_name = "distances.js"

    def __init__(self, distances: list[dict]):
        super().__init__()
        self.payload = distances


class Panels(SafeMacroElement):
    """Title block (with the story's Present button), legend, sources list
    and credits as Leaflet controls.

    The HTML is rendered (escaped) into ``<body>``; the script moves each
    block into a Leaflet control so controls in one corner stack neatly.
    """

    template_name = "panels.html"

    def __init__(self, *, title, subtitle, legend, documents, credits, statuses, story=None):
        super().__init__()
        self.story = story or {"steps": []}
        self.title = title
        self.subtitle = subtitle
        self.legend = legend
        self.documents = documents
        self.credits = credits
        self.statuses = statuses


class FinishMap(SafeMacroElement):
    """Hand the data to the runtime (every module sets itself up from it),
    fit bounds and add the zoom control last."""

    template_name = "finish.html"
    # The payload is most of the page (10 MB at 2,000 articles): it is left out of the Jinja
    # pass, which copied it at every level of the element tree (a transient 86 MB for that
    # page), and put in once the rest is rendered (:func:`geo.present.render.map.render_map`).
    # The mark cannot come from article text: every text's braces are escaped.
    DATA_MARK = "{BRIEFMAP_PAYLOAD}"

    def __init__(self, data: dict, bounds, options: dict):
        super().__init__()
        self.data = data
        self.data_mark = Markup(self.DATA_MARK)
        self.bounds = bounds
        self.options = options
