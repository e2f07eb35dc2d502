use super::*;

#[test]
fn reads_chrome_shapes_and_borrows() {
    let har = br#"{"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
      "pages": [{"id": "page_1", "title": "https://app.example.com/"}],
      "entries": [
        {"_initiator": {"type": "preflight", "url": "https://b.s3.amazonaws.com/k", "requestId": "1.2"},
         "_resourceType": "preflight", "pageref": "page_1",
         "request": {"method": "OPTIONS", "url": "https://b.s3.amazonaws.com/k", "headers": [
            {"name": "Access-Control-Request-Method", "value": "PUT"},
            {"name": "Origin", "value": "https://app.example.com"}]},
         "response": {"status": 403, "headers": [{"name": "Server", "value": "AmazonS3"}],
            "content": {"size": 0, "mimeType": "application/xml"}, "_error": null},
         "startedDateTime": "2026-11-27T19:20:41.279Z"},
        {"_initiator": {"type": "script", "stack": {"callFrames": [{"url": "x"}]}},
         "_resourceType": "fetch",
         "request": {"method": "PUT", "url": "https://b.s3.amazonaws.com/k",
            "headers": [{"name": "sec-ch-ua", "value": "\"Chromium\";v=\"156\""}]},
         "response": {"status": 0, "headers": [], "_error": "net::ERR_FAILED",
            "content": {"size": 0, "mimeType": "x-unknown", "text": "a body that is never copied"}},
         "startedDateTime": "2026-11-27T19:20:41.278Z"}
      ]}}"#;
    let cap = read(har).unwrap();
    assert_eq!(cap.producer, Producer::ChromeDevtools);
    assert_eq!(cap.entries.len(), 2);
    let (pre, put) = (&cap.entries[0], &cap.entries[1]);
    assert!(pre.is_preflight() && !put.is_preflight());
    assert_eq!(pre.failure(), None);
    assert!(pre.has_failure_field());
    assert_eq!(put.failure(), Some("net::ERR_FAILED"));
    assert!(
        matches!(put.request.url, Some(Cow::Borrowed(_))),
        "URLs without escapes borrow"
    );
    assert!(
        matches!(put.request.headers[0].value, Cow::Owned(_)),
        "escaped values cannot borrow"
    );
    assert_eq!(put.request.headers[0].value, "\"Chromium\";v=\"156\"");
    assert_eq!(pre.initiator.as_ref().unwrap().request_id.as_deref(), Some("1.2"));
    assert!(put.started_ms().unwrap() < pre.started_ms().unwrap());
}

#[test]
fn tolerates_producer_quirks() {
    // BOM, version 1.1, no pages, string numbers, null objects, tuple headers, string initiator,
    // redirectURL null, cache and timings absent, unknown keys everywhere.
    let har = "\u{feff}{\"log\": {\"version\": \"1.1\", \"creator\": {\"name\": \"Fiddler\"}, \"x\": 1,
      \"entries\": [
        {\"request\": {\"method\": \"GET\", \"url\": \"https://a/\", \"headers\": [[\"Origin\", \"https://b\"], {\"name\": \"X\", \"value\": null}, {\"value\": \"nameless\"}]},
         \"response\": {\"status\": \"200\", \"redirectURL\": null, \"headers\": null, \"content\": null, \"cookies\": [{\"httpOnly\": \"true\"}]},
         \"_initiator\": \"https://b/app.js\", \"timings\": {}, \"time\": \"n/a\"},
        {\"request\": null, \"response\": {\"status\": -1, \"_failureText\": \"net::ERR_FAILED\"}}
      ]}}";
    let cap = read(har.as_bytes()).unwrap();
    assert_eq!(cap.notes.len(), 1, "the BOM is noted");
    assert_eq!(cap.producer, Producer::Fiddler);
    let e = &cap.entries[0];
    assert_eq!(e.status(), Some(200));
    assert_eq!(e.request.headers.len(), 2);
    assert_eq!(e.request.headers[1].value, "");
    assert_eq!(e.initiator.as_ref().unwrap().url.as_deref(), Some("https://b/app.js"));
    assert_eq!(cap.entries[1].failure(), Some("net::ERR_FAILED"));
    assert_eq!(cap.entries[1].url(), "");
}

#[test]
fn syntax_errors_say_where_and_what() {
    let err = read(b"{\"log\": {\"entries\": [\n  {\"request\": {\"method\": \"GET\"}},\n  {\"request\": {\"method\" \"GET\"}}\n]}}").unwrap_err();
    match err {
        ReadError::Syntax {
            line,
            column,
            ref message,
            entry,
        } => {
            assert_eq!((line, entry), (3, Some(1)));
            assert!(column > 20, "column {column}");
            assert!(message.contains("expected `:`"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.to_string(), "3:25: in log.entries[1]: expected `:`");
}

#[test]
fn truncated_before_any_complete_entry_is_an_error_that_says_so() {
    let err = read(b"{\"log\": {\"entries\": [{\"request\": {\"method\": \"GET\", \"url\": \"https://a").unwrap_err();
    assert!(err.to_string().contains("truncated"), "{err}");
    let err = read(b"{\"log\": {\"version\": \"1.2\", \"crea").unwrap_err();
    assert!(err.to_string().contains("truncated"), "{err}");
}

#[test]
fn truncated_inside_an_entry_keeps_the_complete_ones() {
    let whole = br#"{"log": {"creator": {"name": "WebInspector"}, "entries": [{"request": {"method": "GET", "url": "https://a/1"}}, {"request": {"method": "PUT", "url": "https://a/2"}}, {"request": {"method": "POST", "url": "https://a/3"}, "response": {"content": {"text": "AAAA"#;
    let cap = read(whole).unwrap();
    assert_eq!(cap.entries.len(), 2);
    assert_eq!(cap.entries[1].method(), "PUT");
    assert_eq!(cap.producer, Producer::ChromeDevtools);
    let t = cap.truncated.as_ref().unwrap();
    assert_eq!(
        (t.file_bytes, t.complete_entries, t.entries_complete),
        (whole.len(), 2, false)
    );
    let end = t.last_complete_end.unwrap();
    assert_eq!(&whole[end - 2..end], b"}}", "the offset is just after entry 1");
    assert_eq!(&whole[end..end + 2], b", ");
    let said = t.describe();
    assert!(
        said.contains(&format!("at byte {}", whole.len())) && said.contains(&format!("end at byte {end}")),
        "{said}"
    );
    assert!(
        said.contains("inside log.entries[2]: the analysis covers log.entries[0..2]"),
        "{said}"
    );

    // Only the closing brackets lost: every entry is there.
    let cap = read(br#"{"log": {"entries": [{"request": {"method": "GET", "url": "https://a/1"}}]"#).unwrap();
    assert_eq!(cap.entries.len(), 1);
    assert!(cap.truncated.unwrap().entries_complete);

    // A BOM shifts nothing: offsets are in the file's bytes.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&whole[..]);
    let t = read(&bom).unwrap().truncated.unwrap();
    assert_eq!(t.last_complete_end, Some(end + 3));
}

#[test]
fn corruption_in_the_middle_is_not_taken_for_truncation() {
    let err = read(br#"{"log": {"entries": [{"request": {"method": "GET"}}, {"request": {"method": "GET"} x]}}"#)
        .unwrap_err();
    assert!(matches!(err, ReadError::Syntax { entry: Some(1), .. }), "{err:?}");
}

#[test]
fn json_that_is_not_a_har_names_the_missing_key() {
    assert_eq!(
        read(b"{\"entries\": []}").unwrap_err(),
        ReadError::NotHar("the top-level object has no \"log\" key".into())
    );
    assert_eq!(
        read(b"{\"log\": {\"pages\": []}}").unwrap_err(),
        ReadError::NotHar("\"log\" has no \"entries\" array".into())
    );
    assert!(matches!(read(b"[1, 2]").unwrap_err(), ReadError::Syntax { .. }));
    assert!(matches!(read(b"").unwrap_err(), ReadError::Syntax { .. }));
}

#[test]
fn a_har_pasted_into_markdown_is_read_and_errors_point_into_the_whole_text() {
    let md = b"Hello,\n\n```\n{\"log\": {\"creator\": {\"name\": \"WebInspector\"}, \"entries\": [{\"request\": {\"method\": \"GET\", \"url\": \"https://a/\"}}]}}\n```\n";
    let cap = read(md).unwrap();
    assert_eq!(cap.entries.len(), 1);
    assert!(cap.notes[0].contains("fenced block of Markdown"), "{:?}", cap.notes);
    let broken = b"Hello,\n\n```json\n{\"log\": {\"entries\": [\n  {\"request\" {}}\n]}}\n```\n";
    match read(broken).unwrap_err() {
        ReadError::Syntax { line, column, .. } => assert_eq!((line, column), (5, 14)),
        other => panic!("{other:?}"),
    }
    let jsonp = b"onInputData({\"log\": {\"entries\": [{\"request\": {\"method\": \"GET\", \"url\": \"https://a/\"}}, {\"request\": ";
    let cap = read(jsonp).unwrap();
    let t = cap.truncated.unwrap();
    assert_eq!(
        &jsonp[t.last_complete_end.unwrap() - 2..t.last_complete_end.unwrap()],
        b"}}"
    );
}
