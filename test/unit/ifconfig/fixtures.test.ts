// Golden fixtures: every test/fixtures/ifconfig/<case>.txt must parse to exactly <case>.json.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseIfconfig } from "../../../provider/ifconfig/parse";

const FIXTURES = join(__dirname, "../../fixtures/ifconfig");
const files = readdirSync(FIXTURES);
const cases = files.filter((file) => file.endsWith(".txt")).map((file) => file.slice(0, -".txt".length));

function fixture(name: string): { text: string; expected: unknown } {
  return {
    text: readFileSync(join(FIXTURES, `${name}.txt`), "utf8"),
    expected: JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")),
  };
}

describe("ifconfig golden fixtures", () => {
  test("every .txt has a .json expectation and vice versa", () => {
    const expectations = files.filter((file) => file.endsWith(".json")).map((file) => file.slice(0, -".json".length));
    expect(expectations.sort()).toEqual([...cases].sort());
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  test.each(cases)("%s parses to its .json", (name) => {
    const { text, expected } = fixture(name);
    expect(parseIfconfig(text)).toEqual(expected);
  });

  // Copies found in the wild turn the leading tabs into spaces; hosts may send CRLF.
  test.each(cases)("%s parses the same with spaces instead of tabs", (name) => {
    const { text, expected } = fixture(name);
    expect(parseIfconfig(text.replace(/\t/g, "        "))).toEqual(expected);
  });

  test.each(cases)("%s parses the same with CRLF line endings", (name) => {
    const { text, expected } = fixture(name);
    expect(parseIfconfig(text.replace(/\r?\n/g, "\r\n"))).toEqual(expected);
  });

  test.each(cases)("%s parses the same without trailing spaces", (name) => {
    const { text, expected } = fixture(name);
    expect(parseIfconfig(text.replace(/[ \t]+$/gm, ""))).toEqual(expected);
  });
});
