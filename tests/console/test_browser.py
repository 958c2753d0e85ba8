"""The web console in a real headless browser (Debian's chromium, driven by Playwright) against a running
``worldfarm up``: the token is required, every page loads without a console error and shows what the farm
holds, and a bench run's trajectory renders. Each page is written as a screenshot (see conftest)."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.conftest import TOKEN
from tests.console.conftest import RUN_NAME, ConsoleFarm, Shots, Watched

pytestmark = pytest.mark.slow


async def test_the_console_needs_the_farms_token(console_farm: ConsoleFarm, watched: Watched, shots: Shots) -> None:
    page = watched.page
    answer = await page.goto(f"{console_farm.url}/ui/episodes")
    assert answer is not None
    assert answer.status == 401
    await expect(page.locator("#token")).to_be_visible()
    assert await page.locator("#episodes").count() == 0  # nothing of the farm before signing in
    await shots.take(page, "01-sign-in")

    await page.fill("#token", "not-the-token")
    await page.click("button[type=submit]")
    await expect(page.locator("#login-error")).to_have_text("That is not the farm's token.")

    await page.fill("#token", TOKEN)
    await page.click("button[type=submit]")
    await expect(page).to_have_url(f"{console_farm.url}/ui/episodes")  # back where the browser was going
    await expect(page.locator("#episodes")).to_be_visible()
    assert watched.errors == [e for e in watched.errors if "401" in e]  # only the refused first load


async def test_a_token_in_the_url_signs_in_once_and_leaves_the_address(
    console_farm: ConsoleFarm, watched: Watched
) -> None:
    page = watched.page
    await page.goto(f"{console_farm.url}/ui?token={TOKEN}")
    await expect(page).to_have_url(f"{console_farm.url}/ui")
    await page.goto(f"{console_farm.url}/ui/envs")  # the cookie carries on: no token needed
    await expect(page.locator("#envs")).to_be_visible()
    assert watched.errors == []


async def test_every_page_shows_what_the_farm_holds_without_errors(
    console_farm: ConsoleFarm, watched: Watched, shots: Shots
) -> None:
    page, url = watched.page, console_farm.url
    await page.goto(f"{url}/ui?token={TOKEN}")

    workers = page.locator("#workers tbody tr")
    await expect(workers).to_have_count(2)
    await expect(page.locator("#workers")).to_contain_text("worker-1")
    await expect(page.locator("#workers")).to_contain_text("worker-2")
    await shots.take(page, "02-overview")

    await page.click("nav >> text=Episodes")
    solved, *_ = console_farm.episodes
    rows = page.locator("#episodes tbody tr")
    await expect(rows).to_have_count(len(console_farm.episodes))
    await expect(page.locator("#episodes")).to_contain_text("cancel-farid")
    await expect(page.locator("#episodes")).to_contain_text("library")
    await shots.take(page, "03-episodes")

    await page.click(f"a[href='/ui/episodes/{solved}']")
    await expect(page.locator("#trace tbody tr")).to_have_count(2)
    await expect(page.locator("#trace")).to_contain_text("cancel_booking")
    await expect(page.locator("#diff")).to_contain_text("bookings")
    await expect(page.locator("#diff")).to_contain_text('"cancelled"')
    await expect(page.locator("#state summary")).to_contain_text(["guests", "rooms"])
    await shots.take(page, "04-episode")

    await page.click("nav >> text=Environments")
    await expect(page.locator("#envs tbody tr")).to_have_count(2)
    await shots.take(page, "05-environments")
    await page.click("#envs >> text=hotel")
    await expect(page.locator("#table-bookings")).to_contain_text("rooms.id")  # a relation: bookings.room_id -> rooms
    await page.click("#tasks summary >> text=cancel-farid")
    await expect(page.locator("#tasks")).to_contain_text("Farid's booking is cancelled")  # the verifier
    await expect(page.locator("#tasks")).to_contain_text("cancel_booking(")  # the reference solution
    await page.click("#tools summary >> text=cancel_booking")
    await expect(page.locator("#tools")).to_contain_text('"booking_id"')  # its input schema
    await shots.take(page, "06-environment")
    assert watched.errors == []


async def test_a_bench_runs_report_and_trajectory_render(
    console_farm: ConsoleFarm, watched: Watched, shots: Shots
) -> None:
    page, url = watched.page, console_farm.url
    await page.goto(f"{url}/ui/runs?token={TOKEN}")
    await expect(page.locator("#runs")).to_contain_text(RUN_NAME)
    await shots.take(page, "07-runs")

    await page.click(f"#runs >> text={RUN_NAME}")
    await expect(page.locator("#success-rate")).to_have_text("100%")
    await expect(page.locator("#results tbody tr")).to_have_count(1)
    await shots.take(page, "08-run")

    await page.click("#results >> text=cancel-farid")
    await expect(page.locator("#outcome")).to_have_text("success")
    await expect(page.locator("#reward")).to_have_text("1.0")
    roles = await page.locator("#messages .role").all_inner_texts()
    assert [r.lower() for r in roles] == ["system", "user", "assistant", "tool", "assistant", "tool", "assistant"]
    await expect(page.locator("#messages")).to_contain_text("cancel_booking")
    await expect(page.locator("#calls tbody tr")).to_have_count(2)
    await expect(page.locator("#reward-breakdown")).to_contain_text("Farid's booking is cancelled")
    await expect(page.locator("#answer")).to_contain_text("deposit is refunded")
    await shots.take(page, "09-trajectory")

    await page.goto(f"{url}/ui/run/report?name={RUN_NAME}")
    await expect(page.locator("h1")).to_contain_text("openai")
    await shots.take(page, "10-report")
    assert watched.errors == []


async def test_an_episode_that_is_gone_is_a_page_saying_so(console_farm: ConsoleFarm, watched: Watched) -> None:
    page = watched.page
    answer = await page.goto(f"{console_farm.url}/ui/episodes/no-such-episode?token={TOKEN}")
    assert answer is not None
    assert answer.status == 404
    await expect(page.locator("#error")).to_have_text(re.compile("no episode no-such-episode"))
