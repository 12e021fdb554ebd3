import pytest

from geo.findings.claims import attribution_of, status_of


@pytest.mark.parametrize("sentence, who", [
    ("According to the WSJ, citing officials, Washington has been in talks with the Cuban government.",
     "According to the WSJ, citing officials"),
    ("According to the WSJ, which cited unnamed sources, intelligence on the site is fragmented.",
     "According to the WSJ, which cited unnamed sources"),
    ('"Chinese companies today are providing prototype architectures," Ellis told Newsweek.', "Ellis"),
    ("The Wall Street Journal has reported that Havana was negotiating with China.", "The Wall Street Journal"),
    ("Russia’s Sputnik news agency said Shoigu had referred to projects.", "Russia’s Sputnik news agency"),
    ("China is Cuba's second-largest trading partner.", ""),
    ("Recently, as Russia wrote off 90 percent of Cuba's debt, the two agreed.", ""),
])
def test_attribution(sentence, who):
    assert attribution_of(sentence) == who


@pytest.mark.parametrize("sentence, status", [
    ("Both China and Cuba denied the report's claims.", "denied"),
    ("U.S. officials have confirmed that China is negotiating with Havana.", "confirmed"),
    ("Beijing claims it was a weather balloon.", "alleged"),
    ("China's defense minister met Cuba's armed forces head.", "reported"),
])
def test_status(sentence, status):
    assert status_of(sentence)[0] == status
