from __future__ import annotations


def test_clinician_reads_the_approved_article(reader, published):
    response = reader.get("/en/articles/neuroendocrine-tumours/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Published text about tumours" in body
    assert 'href="#ref-1"' in body
    assert "PMID 18853416" in body
