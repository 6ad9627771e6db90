import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import SearchBox from "./SearchBox.svelte";

describe("SearchBox", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("waits for a pause in typing before searching", async () => {
    const onSearch = vi.fn();
    render(SearchBox, { props: { onSearch, delayMs: 150 } });
    const box = screen.getByLabelText("Search ideas");
    await fireEvent.input(box, { target: { value: "fa" } });
    await fireEvent.input(box, { target: { value: "falls" } });
    expect(onSearch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(150);
    expect(onSearch).toHaveBeenCalledExactlyOnceWith("falls");
  });

  it("searches at once on Enter", async () => {
    const onSearch = vi.fn();
    render(SearchBox, { props: { onSearch } });
    const box = screen.getByLabelText("Search ideas");
    await fireEvent.input(box, { target: { value: "gel" } });
    await fireEvent.keyDown(box, { key: "Enter" });
    expect(onSearch).toHaveBeenCalledExactlyOnceWith("gel");
  });
});
