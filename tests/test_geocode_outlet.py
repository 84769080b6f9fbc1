"""The article's headline and URL as evidence of where it happened: which namesake, and a
fall-back when the text names no place (geocode/outlet.py, geocode/url_places.py)."""

from __future__ import annotations

from incidentwire import learned
from incidentwire.geocode import Geocoder
from incidentwire.geocode.context import country_named
from incidentwire.geocode.outlet_states import home_state, outlet_host
from incidentwire.geocode.url_places import strip_url, url_places
from incidentwire.models import Article, Incident, Location
from incidentwire.nlp import default_pipeline


def locate(geocoder: Geocoder, text: str, url: str | None, title: str | None = None) -> Location:
    parsed = default_pipeline().parse(Article(id="t", text=text, title=title, url=url))
    first = next(iter(parsed.doc.sents))
    incident = Incident(id="i", evidence=[parsed.article.evidence(first.start_char, first.end_char)])
    return geocoder.locate(parsed, incident, geocoder.places(parsed))


def test_an_archived_url_is_read_as_the_original() -> None:
    host, path = strip_url("http://web.archive.org/web/2016/http://www.fox7austin.com:80/news/local-news/x-story")
    assert host == "www.fox7austin.com" and path == ["news", "local-news", "x-story"]


def test_the_host_names_the_outlets_city_inside_a_brand(geocoder: Geocoder) -> None:
    found = url_places("https://www.mysanantonio.com/news/local/article/police-say-123.php", geocoder.gazetteer)
    host = [(p.word, p.candidates[0].name, p.candidates[0].admin1) for p in found if p.where == "host"]
    assert ("sanantonio", "San Antonio", "Texas") in host
    # "kansas" is part of "kansas-city" in the path, not the state
    path = [p.word for p in url_places("http://example.com/news/man-shot-in-kansas-city", geocoder.gazetteer)
            if p.where == "path"]
    assert "kansas-city" in path and "kansas" not in path


def test_a_host_that_is_a_town_s_name_is_not_read_as_a_bigger_town_inside_it(geocoder: Geocoder) -> None:
    # "bradenton" holds "denton" (Denton, Texas): Bradenton's paper names no other town
    assert [p for p in url_places("http://www.bradenton.com/news/local/article54755890.html", geocoder.gazetteer)
            if p.where == "host"] == []


def test_the_outlets_state_decides_an_unqualified_namesake(geocoder: Geocoder) -> None:
    text = "A man was shot and killed Friday night in Shelby, police said. No arrests have been made."
    here = locate(geocoder, text, "http://www.fox46charlotte.com/news/local-news/144308968-story")
    assert (here.name, here.admin1) == ("Shelby", "North Carolina")
    assert here.evidence and "Shelby" in here.evidence[0].text
    # the writer's own state wins over the outlet's
    there = locate(geocoder, text.replace("in Shelby,", "in Shelby, Mich.,"),
                   "http://www.fox46charlotte.com/news/local-news/144308968-story")
    assert there.admin1 == "Michigan"


def test_a_headline_town_stands_in_when_the_text_is_boilerplate(geocoder: Geocoder) -> None:
    title = "Woman fatally shot in Hazelwood is identified"
    text = title + "\n\nSign up for our newsletter.\n\nYour notification has been saved."
    loc = locate(geocoder, text, "http://www.stltoday.com/news/local/crime-and-courts/woman-fatally-shot-in-hazelwood"
                                 "-is-identified/article_0bc3.html", title=title)
    assert (loc.name, loc.admin1, loc.precision) == ("Hazelwood", "Missouri", "city")
    # the evidence points at the headline's words in the text
    assert loc.evidence and text[loc.evidence[0].start:loc.evidence[0].end].startswith("Woman fatally shot")


def test_only_the_outlets_home_places_a_text_without_places_and_gives_no_evidence(geocoder: Geocoder) -> None:
    text = "Teen shot, hospitalized\n\nSign up for our newsletter.\n\nYour notification has been saved."
    url = "http://www.kentucky.com/news/local/crime/article115880543.html"
    # the Lexington Herald-Leader's stories are mostly in Lexington (outlet_cities)
    loc = locate(geocoder, text, url, title="Teen shot, hospitalized")
    assert (loc.name, loc.admin1, loc.precision) == ("Lexington", "Kentucky", "city")
    assert loc.evidence == []  # the text never says "Lexington": no offsets to give
    with learned.rules_only():  # the host's own word: only the state, at admin1 precision
        loc = locate(geocoder, text, url, title="Teen shot, hospitalized")
    assert (loc.name, loc.admin1, loc.precision) == ("Kentucky", "Kentucky", "admin1")
    assert loc.evidence == []


def test_no_url_and_no_place_gives_no_location(geocoder: Geocoder) -> None:
    loc = locate(geocoder, "A man was shot on Friday night, police said.", None)
    assert loc.name is None and loc.lat is None


def test_the_url_names_the_town_inside_the_chosen_county(geocoder: Geocoder) -> None:
    text = "A man was shot and killed Saturday in Clermont County, Ohio, deputies said."
    loc = locate(geocoder, text, "http://www.wlwt.com:80/news/1-shot-dead-in-amelia/40117138")
    assert (loc.name, loc.admin2, loc.precision) == ("Amelia", "Clermont County", "city")
    # the text never writes "Amelia": the location quotes the county's words, in its sentence
    assert loc.text == "Clermont County" and loc.evidence and "Clermont County" in loc.evidence[0].text
    county = locate(geocoder, text, "http://www.wlwt.com:80/news/1-shot-dead/40117138")
    assert (county.name, county.precision) == ("Clermont County", "admin2")


def test_a_state_the_url_path_names_decides_a_namesake(geocoder: Geocoder) -> None:
    text = "A man was shot and killed Friday night in Jacksonville, police said."
    url = "http://www.example-news.com/story/north-carolina-man-shot-and-killed/307623987"
    assert locate(geocoder, text, url).admin1 == "North Carolina"
    assert locate(geocoder, text, "http://www.example-news.com/story/307623987").admin1 == "Florida"


def test_a_village_the_gazetteer_lacks_is_placed_in_the_state_the_url_names(geocoder: Geocoder) -> None:
    text = "A man was shot and killed Sunday near Zqxville, deputies said."
    loc = locate(geocoder, text, "http://www.example.com/news/wyoming-man-shot-near-zqxville/123")
    assert (loc.text, loc.name, loc.admin1, loc.precision) == ("Zqxville", "Wyoming", "Wyoming", "admin1")
    assert loc.evidence and "Zqxville" in loc.evidence[0].text


def test_a_common_word_the_headline_and_url_capitalise_is_not_a_town_abroad(geocoder: Geocoder) -> None:
    # "Police" is a town in Poland and "Man" one in Côte d'Ivoire; the text writes both in lower
    # case, so neither is a place here
    title = "Police: Man arrested after lying about gun"
    text = title + "\n\nA teen was arrested Sunday after police say the man lied to them about a gun."
    loc = locate(geocoder, text, "http://www.example-news.com/news/police-man-arrested-after-lying/123", title=title)
    assert loc.name is None and loc.lat is None
    # nor when the text is boilerplate that never writes them: news writes them in lower case
    title = "Man found shot in car"
    loc = locate(geocoder, title + "\n\nClose Get email notifications.", "http://www.example-news.com/news/man-found-shot/1",
                 title=title)
    assert loc.name is None and loc.lat is None
    # a headline town the text never writes in lower case still stands in
    title = "Police: Man arrested in Hazelwood"
    text = title + "\n\nA man was arrested Sunday, police said.\n\nSign up for our newsletter."
    loc = locate(geocoder, text, "http://www.stltoday.com/news/local/police-man-arrested-in-hazelwood/123", title=title)
    assert (loc.name, loc.admin1) == ("Hazelwood", "Missouri")


def test_an_american_stations_town_abroad_is_the_american_namesake(geocoder: Geocoder) -> None:
    text = "Child shot in Birmingham\n\nA child was accidentally shot in Birmingham on Sunday, police said."
    station = locate(geocoder, text, "http://www.wvtm13.com/article/child-accidentally-shot-in-birmingham/7850923")
    assert (station.name, station.admin1, station.country_code) == ("Birmingham", "Alabama", "US")
    # the same words on a site that is no American station, or naming England, stay England's
    assert locate(geocoder, text, "http://www.example.co.uk/news/123").country_code == "GB"
    england = text + " England has few shootings."
    assert locate(geocoder, england, "http://www.wvtm13.com/article/7850923").country_code == "GB"


def test_an_american_stations_town_abroad_without_an_american_namesake_is_only_words(geocoder: Geocoder) -> None:
    # Bordeaux is a quarter of Nashville the gazetteer lacks, not the French city: its words and
    # evidence, and the station's state at admin1 precision when its home state is known
    text = "Teen found shot to death in Bordeaux\n\nA teen was found shot to death Sunday in Bordeaux, police said."
    url = "http://www.wsmv.com/story/34099586/police-teen-found-shot-to-death-in-bordeaux"
    loc = locate(geocoder, text, url)
    assert (loc.admin1, loc.country_code, loc.precision, loc.text) == ("Tennessee", "US", "admin1", "Bordeaux")
    assert loc.evidence and "Bordeaux" in loc.evidence[0].text
    with learned.rules_only():  # the host alone names no state: only the words, no coordinates
        loc = locate(geocoder, text, url)
        assert (loc.name, loc.country_code, loc.lat, loc.text) == (None, None, None, "Bordeaux")
    assert locate(geocoder, text, "http://www.example.fr/actualite/123").country_code == "FR"


def test_an_american_stations_headline_town_is_the_american_one(geocoder: Geocoder) -> None:
    title = "Accidental gunfire sends Lodi girl to hospital"
    text = title + "\n\nPlease enable Javascript to watch this video."
    loc = locate(geocoder, text, "http://fox40.com/2016/04/17/accidental-gunfire-sends-lodi-girl-to-hospital/",
                 title=title)
    assert (loc.name, loc.admin1, loc.country_code) == ("Lodi", "California", "US")


def test_a_country_is_named_by_any_name_news_uses() -> None:
    assert country_named("He moved to the U.K. last year.", "GB") and country_named("born in Britain", "GB")
    assert country_named("Italy has strict gun laws.", "IT") and not country_named("Naples police said", "IT")


def test_the_outlets_host_is_keyed_without_its_wrapper_and_prefixes() -> None:
    assert outlet_host("http://web.archive.org/web/2016/http://www.wtae.com:80/article/x") == "wtae.com"
    assert outlet_host("https://m.palmbeachpost.com/news/a") == "palmbeachpost.com"
    assert outlet_host("http://stlouis.cbslocal.com/2016/08/28/x") == "stlouis.cbslocal.com"
    assert outlet_host(None) == ""


def test_an_outlets_learned_home_state_decides_an_unqualified_namesake(geocoder: Geocoder) -> None:
    """wtae.com's host names no place; its stories are in Pennsylvania (outlet_states), so its
    "Mount Pleasant" is Mount Pleasant, Pa., not the largest one (South Carolina's)."""
    text = "A man was shot and wounded Sunday night in Mount Pleasant, police said. No arrests have been made."
    url = "http://www.wtae.com/article/man-shot-in-mount-pleasant/7467452"
    assert home_state(url) == "US.PA"
    here = locate(geocoder, text, url)
    assert (here.name, here.admin1) == ("Mount Pleasant", "Pennsylvania")
    with learned.rules_only():  # without the learned table the host says nothing
        assert home_state(url) is None
        assert locate(geocoder, text, url).admin1 != "Pennsylvania"


def test_a_capital_abroad_gives_way_to_a_namesake_in_the_outlets_home_state(geocoder: Geocoder) -> None:
    text = "A 9-year-old boy died Sunday after being shot at a home in Belgrade, deputies said."
    loc = locate(geocoder, text, "http://www.bozemandailychronicle.com/news/crime/boy-shot-in-belgrade/article_1.html")
    assert (loc.name, loc.admin1, loc.country_code) == ("Belgrade", "Montana", "US")
    # the text naming the country keeps the capital
    abroad = locate(geocoder, text.replace("in Belgrade,", "in Belgrade, Serbia,"),
                    "http://www.bozemandailychronicle.com/news/crime/boy-shot-in-belgrade/article_1.html")
    assert abroad.country_code == "RS"


def test_a_country_named_like_the_outlets_state_is_the_state(geocoder: Geocoder) -> None:
    title = "Georgia man indicted in shooting that injured 7"
    text = title + "\n\nA Georgia man was indicted Tuesday in a shooting at a bar that injured seven people."
    url = "http://www.ajc.com/news/news/crime-law/georgia-man-indicted-in-shooting-that-injured-7/nrjWk/"
    loc = locate(geocoder, text, url, title=title)
    assert (loc.name, loc.country_code, loc.precision) == ("Georgia", "US", "admin1")
    # an outlet abroad keeps the country
    assert locate(geocoder, text, "http://www.example.ge/news/123", title=title).country_code == "GE"


def test_a_quarter_the_gazetteer_lacks_is_the_outlets_home_town(geocoder: Geocoder) -> None:
    """ "Pilsen" (read as Illinois: the gazetteer's Pilsen is Czech) and "Marquette Park" (no town of
    the gazetteer) are, in a Chicago paper, Chicago's quarters (outlet_cities), given in their own
    words; without the learned table only their state is known."""
    url = "http://chicago.suntimes.com:80/news/2-shot/"
    for quarter in ("Pilsen", "Marquette Park"):
        text = f"Two men were shot Sunday night in {quarter}, Illinois, police said. Both were taken to a hospital."
        loc = locate(geocoder, text, url)
        assert (loc.name, loc.admin1, loc.precision, loc.text) == ("Chicago", "Illinois", "city", quarter)
        assert loc.evidence and quarter in loc.evidence[0].text
        with learned.rules_only():
            loc = locate(geocoder, text, url)
        assert (loc.name, loc.precision, loc.text) == ("Illinois", "admin1", quarter)
    # the state's own name is not a quarter: a story the text places only in Illinois stays there
    loc = locate(geocoder, "Two men were shot Sunday night in southern Illinois, state police said.", url)
    assert (loc.name, loc.precision) == ("Illinois", "admin1")


def test_a_far_small_namesake_the_text_never_places_is_the_outlets_home_town(geocoder: Geocoder) -> None:
    """ "Parkway Village" in a Memphis station's story is a Memphis neighbourhood the gazetteer
    lacks, not Parkway Village, Ky.; the words stay the article's. Placed in Kentucky by the text,
    or with no outlet to go on, it stays the Kentucky town."""
    url = "http://www.wmcactionnews5.com/story/31622571/3-year-old-shot"
    text = "A 3-year-old boy was shot Sunday night in Parkway Village, police said. He is expected to recover."
    loc = locate(geocoder, text, url)
    assert (loc.name, loc.admin1, loc.text) == ("Memphis", "Tennessee", "Parkway Village")
    loc = locate(geocoder, text, None)
    assert (loc.name, loc.admin1) == ("Parkway Village", "Kentucky")
    loc = locate(geocoder, text.replace("Parkway Village,", "Parkway Village, Kentucky,"), url)
    assert loc.admin1 == "Kentucky"
    with learned.rules_only():  # the home town is learned (outlet_cities)
        assert locate(geocoder, text, url).admin1 == "Kentucky"
