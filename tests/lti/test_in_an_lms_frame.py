"""In Chromium: a learner opens an Unroll exercise from a page of the test LMS, inside its iframe, solves it
there, and the score arrives at the LMS's line item (AGS, sent by the grading worker)."""

import pytest
from tool_setup import register_with

from support import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LEARNER = {"user_id": "frame-learner", "name": "Grace Hopper", "email": "grace@uni.example", "roles": "Learner"}
ANSWER = "\n".join(
    [
        "from tensorflow.keras.models import Sequential",
        "from tensorflow.keras.layers import SimpleRNN",
        "model = Sequential()",
        "model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))",
    ]
)


def test_a_learner_solves_an_exercise_inside_the_lms_and_the_lms_gets_the_score(
    test_lms, live_server, grading_worker, exercises, page
):
    register_with(test_lms, live_server.url)
    line_item = test_lms.create_lineitem("course-7", "Multiple output", 100, resourceLinkId="link-7")
    csp_violations = []
    page.on("console", lambda message: csp_violations.append(message.text) if "Content Security" in message.text else 0)

    page.goto(
        test_lms.course_item_url(
            "course-7", "link-7", **LEARNER, context_title="RNNs", custom={"unroll": "exercise:multiple-output"}
        )
    )
    frame = page.frame_locator("iframe[name=tool-frame]")
    frame.locator("#editor .ace_content").wait_for(timeout=60_000)
    tool = page.frame(name="tool-frame")
    assert tool.url.startswith(live_server.url) and tool.url.endswith("/exercises/multiple-output/")
    tool.evaluate("code => window.unrollEditor.setValue(code)", ANSWER)
    frame.locator("#submit").click()
    tool.wait_for_function(
        "() => document.querySelectorAll('#history .history-item').length > 0"
        " && !document.getElementById('submit').disabled",
        timeout=120_000,
    )
    assert frame.locator("#verdict").get_attribute("data-verdict") == "accepted"

    wait_until(
        lambda: LEARNER["user_id"] in test_lms.gradebook().get(line_item["id"], {}),
        timeout=60,
        what="the score at the LMS's line item",
        details=lambda: f"the LMS received {test_lms.scores()}",
    )
    stands = test_lms.gradebook()[line_item["id"]][LEARNER["user_id"]]
    assert stands["scoreGiven"] == 100 and stands["scoreMaximum"] == 100
    assert not csp_violations, csp_violations


# A browser that refuses the frame its cookies (third-party cookies blocked): document.cookie keeps nothing.
REFUSE_COOKIES = """
Object.defineProperty(Document.prototype, "cookie", {get: () => "", set: () => {}, configurable: true});
"""


def test_where_the_frame_cannot_keep_cookies_unroll_opens_in_a_new_window(test_lms, live_server, exercises, page):
    register_with(test_lms, live_server.url)
    page.add_init_script(REFUSE_COOKIES)  # this page and its frame; the new window is not affected
    page.goto(
        test_lms.course_item_url(
            "course-8", "link-8", **LEARNER, context_title="RNNs", custom={"unroll": "exercise:multiple-output"}
        )
    )
    frame = page.frame_locator("iframe[name=tool-frame]")
    offer = frame.locator("#cookie-check-new-window")
    offer.wait_for(timeout=60_000)
    assert frame.locator("#cookie-check-blocked").is_visible()

    with page.expect_popup() as opened:
        offer.click()
    window = opened.value
    window.wait_for_url(f"{live_server.url}/exercises/multiple-output/", timeout=60_000)
    window.locator("#editor .ace_content").wait_for()
    assert "Grace" in window.content() or "grace" in window.content()  # signed in, in the new window
