import re

import pytest

from geo.findings.layers import LayerRegistry

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def test_core_layers_exist_in_order_and_name_no_corpus():
    ids = LayerRegistry.default().ids()
    assert ids[:3] == ["intelligence", "visits", "military"]
    assert ids[-1] == "context" and "project141" not in ids


def test_a_corpus_layer_comes_before_the_builtin_ones_it_includes():
    registry = LayerRegistry.from_file(ROOT / "seeds" / "layers.yaml")
    assert registry.problems == []
    assert registry.ids()[:2] == ["project141", "intelligence"] and registry.ids()[-1] == "context"
    a = registry.classify("China is negotiating to establish a joint military training center on the island.")
    assert a.layer == "project141" and a.rule == "project141/joint-training-centre"
    assert "training center" in a.evidence
    assert registry.classify("Officials discussed trade.", site_category="pla-overseas-base").layer == "project141"


def test_include_accepts_only_builtin(tmp_path):
    path = tmp_path / "layers.yaml"
    path.write_text("- {id: ports, title: Ports, rules: [{id: p, pattern: port}]}\n- include: elsewhere\n")
    registry = LayerRegistry.from_file(path)
    assert any("'include' can only be 'builtin'" in p.message for p in registry.problems)


def test_rules_keep_their_evidence():
    registry = LayerRegistry.default()
    a = registry.classify("Freedonia has maintained espionage bases in Sylvania.", kind="facility")
    assert a.layer == "intelligence" and a.evidence == "espionage (facility)"
    assert registry.classify("They signed a donation of 700 million yuan.", kind="economic").layer == "economic"
    assert registry.classify("The weather was fine.", kind="other").layer == "context"


def test_a_layer_means_its_type_not_a_keyword():
    registry = LayerRegistry.default()
    # "met" is no diplomatic tie, "spy" no intelligence facility, when the finding is everyday news.
    assert registry.classify("The couple met in Lisbon.", kind="other").layer == "context"
    assert registry.classify("A spy film opened in Venice.", kind="other").layer == "context"
    # An intelligence keyword in a statement is a statement (diplomacy), not a facility.
    assert registry.classify("Intelligence officials said talks went well.", kind="statement").layer == "diplomacy"
    # A trade agreement is economic, a defence agreement military, any other one diplomatic.
    assert registry.classify("They signed a trade deal.", kind="agreement").layer == "economic"
    assert registry.classify("They signed a defence pact.", kind="agreement").layer == "military"
    assert registry.classify("They signed a communique.", kind="agreement").layer == "diplomacy"
    assert registry.classify("A dam burst.", kind="incident").layer == "incidents"


def test_without_a_type_the_keyword_rules_decide():
    registry = LayerRegistry.default()
    assert registry.classify("China has maintained espionage bases in Cuba.").layer == "intelligence"
    assert registry.classify("A dam burst.").layer == "context"      # a rule of types alone never fires


def test_site_category_beats_sentence_words():
    registry = LayerRegistry.default()
    a = registry.classify("Officials discussed trade.", site_category="pla-overseas-base", kind="facility")
    assert a.layer == "military"
    a = registry.classify("Officials discussed trade.", site_category="sigint-station", kind="facility")
    assert a.layer == "intelligence" and "site category" in a.evidence
    # What happens at a station without being about it (a protest, a denial) goes by its type.
    assert registry.classify("Police arrested six activists at the gate.", site_category="sigint-station",
                             kind="incident").layer == "incidents"
    assert registry.classify("The ministry declined to comment.", site_category="sigint-station",
                             kind="statement").layer == "diplomacy"


def test_agreements_go_by_what_they_are_about():
    registry = LayerRegistry.default()
    assert registry.classify("Britain and Japan signed a pact letting their forces deploy to each other's soil.",
                             kind="agreement").layer == "military"
    assert registry.classify("Chile y Perú firmaron un acuerdo para ampliar las exportaciones de cobre.",
                             kind="agreement").layer == "economic"
    assert registry.classify("A lease gave the navy the use of the harbour.", site_category="naval-base",
                             kind="agreement").layer == "military"
    assert registry.classify("The two countries signed an extradition treaty.", kind="agreement").layer == "diplomacy"
    assert registry.classify("Hackers broke into the navy's payroll system.", kind="military_activity").layer \
        == "intelligence"


@pytest.mark.parametrize("sentence, kind", [
    ("A new radar on the ridge can follow planes far out over the gulf.", "facility"),
    ("An antenna array has grown on the hill outside the town since 2022.", "facility"),
    ("A research vessel spent weeks mapping the seabed off the atoll.", "military_activity"),
    ("The trawler lingered for days above the undersea cables.", "military_activity"),
    ("Two men were caught photographing the naval base from a hired boat.", "military_activity"),
])
def test_intelligence_installations_and_collection_without_the_word_spy(sentence, kind):
    assert LayerRegistry.default().classify(sentence, kind=kind).layer == "intelligence"


def test_an_air_defence_radar_stays_military():
    registry = LayerRegistry.default()
    assert registry.classify("The army opened an air-defence radar site near the airport.",
                             kind="facility").layer == "military"


def test_roles_are_read_from_the_file(tmp_path):
    path = tmp_path / "layers.yaml"
    path.write_text("- {id: trips, title: Trips, role: visits}\n"
                    "- {id: bases, title: Bases, types: [facility]}\n"
                    "- {id: background, title: Background, role: context}\n"
                    "- {id: last, title: Last, rules: [{id: p, pattern: port}]}\n")
    registry = LayerRegistry.from_file(path)
    assert registry.problems == []
    assert registry.visits_layer == "trips" and registry.context_layer == "background"
    assert "visits" not in registry.ids() and "context" not in registry.ids()
    assert registry.classify("A new pier.", kind="facility").layer == "bases"
    # what no rule takes goes to the declared background layer, not the file's last one
    assert registry.classify("A wedding.", kind="other").layer == "background"
    assert {layer["id"]: layer.get("role") for layer in registry.layers}["trips"] == "visits"


def test_an_old_file_keeps_its_meaning(tmp_path):
    path = tmp_path / "layers.yaml"
    path.write_text("- {id: ports, title: Ports, rules: [{id: p, pattern: port}]}\n"
                    "- {id: other, title: Other, rules: [{id: any, pattern: '.'}]}\n")
    registry = LayerRegistry.from_file(path)
    assert registry.problems == []
    assert registry.ids() == ["ports", "other", "visits", "context"]
    assert registry.visits_layer == "visits" and registry.context_layer == "context"
    assert registry.classify("a port call", kind="other").layer == "ports"     # no types: any finding
    assert registry.classify("nothing", kind="facility").layer == "other"


def test_unknown_types_and_roles_are_problems(tmp_path):
    path = tmp_path / "layers.yaml"
    path.write_text("- {id: a, title: A, role: sideshow, types: [facility, spaceship]}\n"
                    "- {id: b, title: B, role: visits}\n- {id: c, title: C, role: visits}\n")
    registry = LayerRegistry.from_file(path)
    messages = " | ".join(p.message for p in registry.problems)
    assert "role 'sideshow' ignored" in messages and "unknown finding type(s) spaceship" in messages
    assert "role 'visits' ignored: layer 'b' has it already" in messages
    assert registry.visits_layer == "b" and registry.classify("x", kind="facility").layer == "a"


def test_custom_layer_file(tmp_path):
    path = tmp_path / "layers.yaml"
    path.write_text("- {id: ports, title: Ports, color: '#000', description: d, rules: [{id: p, pattern: port}]}\n"
                    "- {id: other, title: Other, color: '#999', description: d, rules: [{id: any, pattern: '.'}]}\n")
    registry = LayerRegistry.from_file(path)
    assert registry.classify("a port call").layer == "ports"
    assert registry.classify("nothing").layer == "other"


# -- an analyst's layers.yaml is untrusted -----------------------------------------------

def _registry(tmp_path, text):
    path = tmp_path / "layers.yaml"
    path.write_text(text, encoding="utf-8")
    return LayerRegistry.from_file(path)


def test_catastrophic_backtracking_pattern_runs_in_linear_time(tmp_path):
    import re

    registry = _registry(tmp_path, "- {id: words, title: W, rules: [{id: all-words, pattern: '(\\w+\\s?)*$'}]}\n")
    assert registry.problems == []
    # Python's re needs exponential time for this on a sentence ending in punctuation
    # (a backtracking engine would hang this test); RE2 answers at once.
    sentence = "Officials visited the island and spoke to reporters about the base " * 3 + "!"
    assert registry.classify(sentence).rule == "words/all-words"
    assert re.compile(r"(\w+\s?)*$").pattern  # the same text is a valid Python pattern


def test_pattern_re2_cannot_compile_is_one_problem_naming_layer_and_rule(tmp_path):
    registry = _registry(tmp_path, (
        "- id: ports\n  title: Ports\n  rules:\n"
        "    - {id: backref, pattern: '(port)\\s+\\1'}\n"
        "    - {id: lookbehind, pattern: '(?<=naval )port'}\n"
        "    - {id: unbalanced, pattern: 'port('}\n"
        "    - {id: fine, pattern: 'harbou?r'}\n"))
    messages = [str(p) for p in registry.problems]
    assert len(messages) == 3
    for rule in ("backref", "lookbehind", "unbalanced"):
        (line,) = [m for m in messages if f"rule '{rule}'" in m]
        number = 4 + ("backref", "lookbehind", "unbalanced").index(rule)        # the rule's line in the file
        assert line.startswith(f"layers.yaml: line {number}: layer 'ports' rule ") and "cannot be compiled" in line
        assert "\n" not in line
    assert registry.classify("The harbor was busy.").rule == "ports/fine"


def test_dollar_that_can_never_match_is_reported(tmp_path):
    registry = _registry(tmp_path, (
        "- id: money\n  title: Money\n  rules:\n"
        "    - {id: dollars, pattern: 'US$\\s?\\d'}\n"
        "    - {id: millions, pattern: '\\d+$ million'}\n"
        "    - {id: escaped, pattern: 'US\\$\\s?\\d'}\n"
        "    - {id: at-end, pattern: 'million$'}\n"))
    messages = [str(p) for p in registry.problems]
    assert [m.split(" ignored")[0] for m in messages] == ["layers.yaml: line 4: layer 'money' rule 'dollars'",
                                                          "layers.yaml: line 5: layer 'money' rule 'millions'"]
    assert all("can never match" in m for m in messages)
    assert registry.classify("A loan of US$ 5 million").rule == "money/escaped"
    assert registry.classify("It cost a million").rule == "money/at-end"


def test_malformed_layers_are_reported_and_the_rest_used(tmp_path):
    registry = _registry(tmp_path, (
        "- just text\n"
        "- {title: no id}\n"
        "- {id: ports, title: [not, text], color: 'red;background:url(x)', rules: [{id: p, pattern: 7}, {id: q}]}\n"
        "- {id: ports, title: Duplicate}\n"
        "- {id: other, title: Other, rules: [{id: any, pattern: '.'}]}\n"))
    messages = [str(p) for p in registry.problems]
    assert len(messages) == 7 and all(re.match(r"layers\.yaml: line [1-4]: layer ", m) for m in messages), messages
    ports = next(layer for layer in registry.layers if layer["id"] == "ports")
    assert ports["title"] == "ports" and ports["color"] == "#999999"
    assert registry.ids()[:2] == ["ports", "other"]


def test_unusable_file_falls_back_to_the_built_in_layers_with_one_line(tmp_path):
    for text in ("[unclosed\n", "{}\n", "- !!python/object:os.system {}\n"):
        registry = _registry(tmp_path, text)
        assert registry.ids() == LayerRegistry.default().ids()
        assert len(registry.problems) == 1 and str(registry.problems[0]).startswith("layers.yaml: ")
        assert "built-in layers" in str(registry.problems[0])


def test_visits_and_context_always_exist(tmp_path):
    registry = _registry(tmp_path, "- {id: ports, title: Ports, rules: [{id: p, pattern: port}]}\n"
                                   "- {id: other, title: Other, rules: [{id: any, pattern: '.'}]}\n")
    assert registry.ids() == ["ports", "other", "visits", "context"] and registry.problems == []
    assert registry.classify("nothing at all").layer == "other"   # the file's last layer catches the rest


def test_shipped_layers_compile_under_re2_with_no_problem():
    registry = LayerRegistry.default()
    assert registry.problems == []
    assert len(registry._rules) == sum(len(layer.get("rules") or []) for layer in __import__(
        "geo.findings.layers", fromlist=["_default_data"])._default_data())


def test_re2_matches_what_python_re_matched_on_the_seed_sentences(seeds_dir):
    """The shipped rules were written for Python's re: on every seed sentence RE2 finds the same words."""
    import re

    from geo.findings.layers import _default_data, compile_rule

    patterns = [r["pattern"] for layer in _default_data() for r in layer.get("rules") or [] if r.get("pattern")]
    sentences = [s for f in sorted(seeds_dir.glob("*.txt"))
                 for s in re.split(r"(?<=[.!?])\s+|\n+", f.read_text(encoding="utf-8")) if s.strip()]
    assert len(sentences) > 200
    for pattern in patterns:
        python, linear = re.compile(pattern, re.I), compile_rule(pattern)
        for sentence in sentences:
            a, b = python.search(sentence), linear.search(sentence)
            assert (a and a.group(0)) == (b and b.group(0)), (pattern, sentence)
