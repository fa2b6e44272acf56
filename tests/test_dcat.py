"""DCAT-AP.de 2.0 metadata, validated offline with pySHACL against the shapes of the
GovData working group in ../shared/dcat-ap-de-2.0/ (see its SOURCE.md)."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from conftest import PROJECT, ROOT, TODAY
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

from katalog.config import Config
from katalog.dcat import dcat_rdfxml
from katalog.pipeline import check

SHAPES = ROOT.parent / "shared" / "dcat-ap-de-2.0"
# the profile "DCAT-AP.de 2.0 – Spezifikation" without dcat-ap-de-imports.ttl (remote vocabularies)
PROFILE = (
    "dcat-ap-spec-german-messages.ttl",
    "dcat-ap-spec-german-additions.ttl",
    "dcat-ap-de-deprecated.ttl",
    "dcat-ap_2.1.1_shacl_shapes.ttl",
)
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")  # rdflib has no constant for it


@cache
def shapes() -> Graph:
    assert SHAPES.is_dir(), f"DCAT-AP.de shapes missing: {SHAPES}"
    graph = Graph()
    for name in PROFILE:
        graph.parse(SHAPES / "shacl" / name, format="turtle")
    return graph


def results(data: Graph) -> dict[str, list[str]]:
    """SHACL results by severity ("Violation", "Warning", "Info") with their messages."""
    _, report, _ = validate(data, shacl_graph=shapes(), inference="none", allow_warnings=True)
    assert isinstance(report, Graph)
    found: dict[str, list[str]] = {}
    for result in report.subjects(ns.RDF.type, ns.SH.ValidationResult):
        severity = str(report.value(result, ns.SH.resultSeverity)).rsplit("#", 1)[-1]
        found.setdefault(severity, []).append(str(report.value(result, ns.SH.resultMessage)))
    return found


@pytest.fixture(scope="module")
def rdf(example_site: Path) -> Graph:
    text = (example_site / "daten/katalog.rdf").read_bytes()
    ET.fromstring(text)  # well-formed XML for an XML parser, too
    return Graph().parse(data=text, format="xml")


def test_shapes_find_the_known_faults_of_the_reference_example() -> None:
    example = SHAPES / "examples" / "dcat_ap_de-RefImp_RDF_SIMPLE.rdf"
    found = results(Graph().parse(example, format="xml"))
    assert len(found["Violation"]) == 2  # classes not stated, as SOURCE.md says


def test_catalogue_metadata_conforms_without_violations_or_warnings(rdf: Graph) -> None:
    assert results(rdf) == {}


def test_turtle_says_the_same_as_rdf_xml(example_site: Path, rdf: Graph) -> None:
    turtle = Graph().parse(example_site / "daten/katalog.ttl", format="turtle")
    assert isomorphic(turtle, rdf)


def test_datasets_distributions_formats_licence_and_dates(example_site: Path, rdf: Graph) -> None:
    (catalog,) = rdf.subjects(ns.RDF.type, ns.DCAT.Catalog)
    datasets = set(rdf.objects(catalog, ns.DCAT.dataset))
    assert len(datasets) == 2
    file_types = "http://publications.europa.eu/resource/authority/file-type/"
    records = json.loads((example_site / "daten/projekte.json").read_text(encoding="utf-8"))
    newest = max(r["changed"][:10] for r in records["records"])
    projects = URIRef("http://127.0.0.1/daten/#projekte")
    assert projects in datasets
    assert rdf.value(projects, ns.DCTERMS.modified) == Literal(newest, datatype=ns.XSD.date)
    assert rdf.value(projects, DCATDE.contributorID) == URIRef(Config().govdata_contributor_id)
    for dataset in datasets:
        distributions = list(rdf.objects(dataset, ns.DCAT.distribution))
        formats = {str(rdf.value(d, ns.DCTERMS.format)) for d in distributions}
        assert formats == {file_types + "JSON", file_types + "CSV"}
        for distribution in distributions:
            url = str(rdf.value(distribution, ns.DCAT.downloadURL))
            assert (example_site / url.removeprefix("http://127.0.0.1/")).is_file()
            licence = rdf.value(distribution, ns.DCTERMS.license)
            assert licence == URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")


def test_licence_and_contributor_come_from_the_configuration() -> None:
    config = dataclasses.replace(
        Config(base_url="https://daten.example.org/"),
        data_license="cc-by/4.0",
        govdata_contributor_id="http://dcat-ap.de/def/contributors/beispielamt",
    )
    graph = Graph().parse(data=dcat_rdfxml(check(PROJECT, config, TODAY)), format="xml")
    licences = set(graph.objects(None, ns.DCTERMS.license))
    assert licences == {URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")}
    assert set(graph.objects(None, DCATDE.contributorID)) == {
        URIRef("http://dcat-ap.de/def/contributors/beispielamt")
    }
    assert results(graph) == {}


def test_rdf_xml_is_byte_identical_under_different_hash_seeds() -> None:
    """rdflib's store iterates in hash order; the output must not depend on it."""
    script = (
        "import datetime; from katalog.config import Config; "
        "from katalog.pipeline import check; from katalog.dcat import dcat_rdfxml; "
        "from conftest import PROJECT; "
        "print(dcat_rdfxml(check(PROJECT, Config(), datetime.date(2026, 11, 21))))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT / "tests",
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
