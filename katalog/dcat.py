"""DCAT-AP.de 2.0 metadata of the catalogue and its exports (pure: Catalogue in, RDF out).

Written with rdflib rather than string templates: the library escapes literals and IRIs and
produces RDF/XML (the form GovData harvests) and Turtle from one graph. Vocabulary IRIs
(licence, file type, language, theme) are stated with their class and concept scheme,
since a harvester or a validator working offline cannot look them up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

from .datasets import COLLECTIONS, Collection
from .model import Catalogue

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(EU + "file-type/")
LANGUAGE = URIRef(EU + "language/DEU")
THEME = URIRef(EU + "data-theme/JUST")  # justice, legal system and public safety
LICENSES = URIRef("http://dcat-ap.de/def/licenses")
IANA = "https://www.iana.org/assignments/media-types/"
PATH_RDF = "daten/katalog.rdf"
PATH_TURTLE = "daten/katalog.ttl"


@dataclass(frozen=True)
class Format:
    suffix: str  # of the export file
    title: str  # German, in the distribution's title
    file_type: str  # EU file-type authority code
    media_type: str  # IANA


FORMATS = (
    Format("json", "JSON", "JSON", "application/json"),
    Format("csv", "CSV (Semikolon, UTF-8)", "CSV", "text/csv"),
)


def dcat_graph(catalogue: Catalogue) -> Graph:
    config = catalogue.config
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("dcatde", DCATDE),
        ("skos", SKOS),
    ):
        graph.bind(prefix, namespace)
    add = graph.add
    page = config.absolute("daten/")
    catalog = URIRef(page + "#katalog")
    publisher = URIRef(page + "#herausgeber")
    contact = URIRef(page + "#kontakt")
    licence = URIRef(config.license_uri)

    add((publisher, RDF.type, FOAF.Organization))
    add((publisher, RDF.type, FOAF.Agent))
    add((publisher, FOAF.name, Literal(config.operator, lang="de")))
    add((contact, RDF.type, VCARD.Organization))
    add((contact, RDF.type, VCARD.Kind))
    add((contact, VCARD.fn, Literal(config.operator)))
    add((contact, VCARD.hasEmail, URIRef(f"mailto:{config.contact_email}")))
    add((licence, RDF.type, DCTERMS.LicenseDocument))
    add((licence, SKOS.inScheme, LICENSES))
    add((licence, SKOS.prefLabel, Literal(config.license_label, lang="de")))
    add((LANGUAGE, RDF.type, DCTERMS.LinguisticSystem))
    add((LANGUAGE, SKOS.inScheme, URIRef(EU + "language")))
    add((THEME, RDF.type, SKOS.Concept))
    add((THEME, SKOS.inScheme, URIRef(EU + "data-theme")))

    add((catalog, RDF.type, DCAT.Catalog))
    add((catalog, DCTERMS.title, Literal(config.title, lang="de")))
    add((catalog, DCTERMS.description, Literal(config.tagline, lang="de")))
    add((catalog, DCTERMS.publisher, publisher))
    add((catalog, DCTERMS.language, LANGUAGE))
    add((catalog, DCTERMS.license, licence))
    add((catalog, FOAF.homepage, URIRef(config.base_url)))
    modified = []
    for coll in COLLECTIONS:
        records = coll.records(catalogue)
        if not records or not coll.open_dataset:
            continue
        changed = max(r.changed_on for r in records)
        modified.append(changed)
        dataset = _dataset(graph, coll, catalogue, changed, page)
        add((catalog, DCAT.dataset, dataset))
        add((dataset, DCTERMS.publisher, publisher))
        add((dataset, DCAT.contactPoint, contact))
        add((dataset, DCTERMS.language, LANGUAGE))
        add((dataset, DCAT.theme, THEME))
        for distribution in graph.objects(dataset, DCAT.distribution):
            add((distribution, DCTERMS.license, licence))
    if modified:
        add((catalog, DCTERMS.modified, _date(max(modified))))
    return graph


def _date(day: dt.date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def _dataset(
    graph: Graph, coll: Collection, catalogue: Catalogue, changed: dt.date, page: str
) -> URIRef:
    config = catalogue.config
    add = graph.add
    dataset = URIRef(page + "#" + coll.folder)
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, DCTERMS.title, Literal(f"{config.title}: {coll.title}", lang="de")))
    count = len(coll.records(catalogue))
    add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                f"{coll.title} aus dem {config.title} ({count} Einträge) mit allen "
                f"veröffentlichten Angaben. Herausgegeben von {config.operator}.",
                lang="de",
            ),
        )
    )
    add((dataset, DCTERMS.identifier, Literal(config.absolute(coll.json_path))))
    add((dataset, DCTERMS.modified, _date(changed)))
    add((dataset, DCAT.landingPage, URIRef(config.absolute(coll.folder + "/"))))
    add((dataset, DCATDE.contributorID, URIRef(config.govdata_contributor_id)))
    for word in ("Prävention", "Sicherheitsbehörden", "Muslime", coll.title):
        add((dataset, DCAT.keyword, Literal(word, lang="de")))
    for fmt in FORMATS:
        url = URIRef(config.absolute(f"daten/{coll.folder}.{fmt.suffix}"))
        distribution = URIRef(f"{url}#distribution")
        file_type = FILE_TYPE[fmt.file_type]
        add((dataset, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCTERMS.title, Literal(f"{coll.title} als {fmt.title}", lang="de")))
        add((distribution, DCAT.accessURL, url))
        add((distribution, DCAT.downloadURL, url))
        add((distribution, DCTERMS.format, file_type))
        add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        add((file_type, SKOS.inScheme, URIRef(EU + "file-type")))
        media = URIRef(IANA + fmt.media_type)
        add((distribution, DCAT.mediaType, media))
        add((media, RDF.type, DCTERMS.MediaType))
        add((distribution, DCTERMS.modified, _date(changed)))
        add((distribution, DCATDE.licenseAttributionByText, Literal(config.operator)))
        if fmt.suffix == "json":
            schema = URIRef(config.absolute(coll.schema_path))
            add((distribution, DCTERMS.conformsTo, schema))
            add((schema, RDF.type, DCTERMS.Standard))
    return dataset


class _SortedGraph(Graph):
    """A graph whose serialisers see subjects and statements in a fixed order, so the
    RDF/XML is byte-identical between builds (rdflib's memory store iterates in an order
    that varies with Python's hash seed)."""

    def subjects(self, predicate: Any = None, object: Any = None, unique: bool = False) -> Any:
        return iter(sorted(set(super().subjects(predicate, object)), key=_key))

    def objects(self, subject: Any = None, predicate: Any = None, unique: bool = False) -> Any:
        return iter(sorted(set(super().objects(subject, predicate)), key=_key))

    def predicate_objects(self, subject: Any = None, unique: bool = False) -> Any:
        pairs = set(super().predicate_objects(subject))
        return iter(sorted(pairs, key=lambda pair: (_key(pair[0]), _key(pair[1]))))


def _key(node: Any) -> str:
    return str(node.n3())


def dcat_rdfxml(catalogue: Catalogue) -> str:
    graph = _SortedGraph()
    for prefix, namespace in dcat_graph(catalogue).namespaces():
        graph.bind(prefix, namespace)
    graph += dcat_graph(catalogue)
    text = graph.serialize(format="pretty-xml", encoding="utf-8").decode("utf-8")
    # the namespace declarations come from a set: sort them too
    head, rest = text.split("<rdf:RDF\n", 1)
    declarations, body = rest.split("\n>", 1)
    return head + "<rdf:RDF\n" + "\n".join(sorted(declarations.split("\n"))) + "\n>" + body


def dcat_turtle(catalogue: Catalogue) -> str:
    return dcat_graph(catalogue).serialize(format="turtle")
