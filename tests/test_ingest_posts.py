"""Posts (an X/Twitter archive's tweets.js, a JSON or JSONL list of posts): one document a
post, the author as speaker, the post's date and URL kept; bad posts and files are one line."""

from __future__ import annotations

import json

from workbench.cli import main
from workbench.corpus.store import CorpusStore

TWEETS = [{"tweet": {"id_str": "1050118621198921728", "created_at": "Wed Oct 10 20:19:24 +0000 2018",
                     "full_text": "We will build the bridge across the river by next spring."}},
          {"tweet": {"id_str": "1050118621198921729", "created_at": "Thu Oct 11 08:00:00 +0000 2018",
                     "full_text": "Thank you to every volunteer who came out today!"}}]
ACCOUNT = [{"account": {"username": "jsmith", "accountDisplayName": "Jane Smith"}}]


def add(tmp_path, *paths, capsys) -> tuple[int, str, str]:
    code = main(["corpus", "--db", str(tmp_path / "c.db"), "add", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, out, err


def docs(tmp_path) -> dict[str, object]:
    with CorpusStore(tmp_path / "c.db", create=False) as store:
        return {d.path.rsplit("#", 1)[-1]: d for d in store.documents()}


def test_a_twitter_archive_gives_one_document_a_post_with_author_date_and_url(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps(TWEETS))
    (data / "account.js").write_text("window.YTD.account.part0 = " + json.dumps(ACCOUNT))
    code, out, err = add(tmp_path, data / "tweets.js", capsys=capsys)
    assert code == 0 and "added 2" in out, err
    found = docs(tmp_path)
    post = found["1050118621198921728"]
    assert post.speaker == "Jane Smith" and post.date == "2018-10-10"
    assert post.url == "https://x.com/jsmith/status/1050118621198921728"
    code, out, err = add(tmp_path, data / "tweets.js", capsys=capsys)
    assert "unchanged 2" in out  # a second add changes nothing
    assert main(["search", "--db", str(tmp_path / "c.db"),
                 "We will build the bridge across the river"]) == 0
    # The match names the post's author, date and link (what a checker cites).
    assert ("Post by Jane Smith · 2018-10-10 · Jane Smith · "
            "https://x.com/jsmith/status/1050118621198921728") in capsys.readouterr().out


def test_a_json_list_of_posts_and_jsonl_author_are_read(tmp_path, capsys):
    posts = [{"id": "a1", "author": "Sam Lee", "date": "2016-03-01", "url": "https://example.org/p/a1",
              "text": "Our schools need more teachers, not more tests."},
             {"id": "a2", "author": "Sam Lee", "text": 5}]
    (tmp_path / "posts.json").write_text(json.dumps({"posts": posts}))
    (tmp_path / "more.jsonl").write_text(json.dumps({"id": "b", "author": "Ann Ray",
                                                     "text": "Hello there."}) + "\n")
    code, out, err = add(tmp_path, tmp_path / "posts.json", tmp_path / "more.jsonl", capsys=capsys)
    assert code == 1 and "added 2" in out
    assert err.strip() == f"{tmp_path / 'posts.json'}: post 2: \"text\" must be a string"
    found = docs(tmp_path)
    assert found["a1"].speaker == "Sam Lee" and found["a1"].date == "2016-03-01"
    assert found["a1"].url == "https://example.org/p/a1" and found["b"].speaker == "Ann Ray"


def test_bad_post_files_are_one_line_each_and_skipped(tmp_path, capsys):
    (tmp_path / "app.js").write_text("console.log('hi')")
    (tmp_path / "broken.json").write_text("[{\"text\": ")
    (tmp_path / "object.json").write_text("{\"a\": 1}")
    code, out, err = add(tmp_path, tmp_path / "app.js", tmp_path / "broken.json",
                         tmp_path / "object.json", capsys=capsys)
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 3 and "Traceback" not in err
    assert "app.js: not an X/Twitter archive file" in lines[0]
    assert "object.json: expected a list of posts" in lines[2]


def test_a_folder_of_sources_ignores_other_js_and_json_files(tmp_path, capsys):
    """A folder holding a page's scripts or a package.json is not a posts archive: those files
    are left alone (named on the command line, a .json list of posts is read)."""
    from workbench.cli import main

    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "app.js").write_text("console.log('hi')\n", encoding="utf-8")
    (folder / "package.json").write_text('{"name": "x"}\n', encoding="utf-8")
    (folder / "speech.txt").write_text("We will build it. And we will pay for it.\n",
                                       encoding="utf-8")
    code = main(["corpus", "--db", str(tmp_path / "c.db"), "add", str(folder)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "app.js" not in err and "package.json" not in err
