from geo.layers import LayerRegistry


def test_core_layers_exist_in_order():
    ids = LayerRegistry.default().ids()
    assert ids[:3] == ["project141", "intelligence", "visits"]
    assert ids[-1] == "context"


def test_rules_keep_their_evidence():
    registry = LayerRegistry.default()
    a = registry.classify("China is negotiating to establish a joint military training center on the island.")
    assert a.layer == "project141" and a.rule == "project141/joint-training-centre"
    assert "training center" in a.evidence
    assert registry.classify("China has maintained espionage bases in Cuba.").layer == "intelligence"
    assert registry.classify("They signed a donation of 700 million yuan.").layer == "economic"
    assert registry.classify("The weather was fine.").layer == "context"


def test_site_category_beats_sentence_words():
    registry = LayerRegistry.default()
    a = registry.classify("Officials discussed trade.", site_category="pla-overseas-base")
    assert a.layer == "project141" and "site category" in a.evidence


def test_custom_layer_file(tmp_path):
    path = tmp_path / "layers.yaml"
    path.write_text("- {id: ports, title: Ports, color: '#000', description: d, rules: [{id: p, pattern: port}]}\n"
                    "- {id: other, title: Other, color: '#999', description: d, rules: [{id: any, pattern: '.'}]}\n")
    registry = LayerRegistry.from_file(path)
    assert registry.classify("a port call").layer == "ports"
    assert registry.classify("nothing").layer == "other"
