import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Poc } from "../../api/pocs";
import PocFiles from "./PocFiles.svelte";

const files = [{ id: "f1", name: "baseline.csv", sha256: "ab".repeat(32), size: 2048 }];

describe("PocFiles", () => {
  it("lists the documents and saves one to Downloads", async () => {
    const savePocFile = vi.fn(async () => "/home/nia/Downloads/baseline.csv");
    render(PocFiles, { props: { ideaId: "i1", files, api: { attachFileToPoc: vi.fn(), savePocFile }, mayAttach: false } });
    expect(document.getElementById("poc-files")?.textContent).toContain("baseline.csv (2 KB)");
    expect(document.getElementById("poc-file-input")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: /Save to Downloads/ }));
    await vi.waitFor(() => expect(screen.getByRole("status").textContent).toBe("baseline.csv saved to /home/nia/Downloads/baseline.csv."));
    expect(savePocFile).toHaveBeenCalledWith("i1", "ab".repeat(32));
  });

  it("attaches a file only once it is confirmed free of patient data, as base64", async () => {
    const attachFileToPoc = vi.fn(async () => ({}) as Poc);
    render(PocFiles, { props: { ideaId: "i1", files: [], api: { attachFileToPoc, savePocFile: vi.fn() }, mayAttach: true } });
    await fireEvent.click(screen.getByRole("button", { name: "Attach" }));
    expect((await screen.findByRole("link", { name: "Choose a file to attach" })).getAttribute("href")).toBe("#poc-file-input");
    const input = document.getElementById("poc-file-input") as HTMLInputElement;
    const file = new File(["meeting,go\n"], "minutes.csv", { type: "text/csv" });
    Object.defineProperty(input, "files", { value: [file] });
    await fireEvent.change(input);
    await fireEvent.click(screen.getByRole("button", { name: "Attach" }));
    expect((await screen.findByRole("link", { name: /Confirm the file holds no patient-identifiable data/ })).getAttribute("href")).toBe("#poc-file-confirm");
    expect(attachFileToPoc).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByLabelText("It holds no patient-identifiable data"));
    await fireEvent.click(screen.getByRole("button", { name: "Attach" }));
    await vi.waitFor(() => expect(attachFileToPoc).toHaveBeenCalledWith("i1", "minutes.csv", btoa("meeting,go\n"), true));
    expect(screen.getByRole("status").textContent).toBe("minutes.csv attached.");
  });
});
