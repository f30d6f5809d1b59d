// A description is the user's text: the parser's copy-paste clean-up (zero-width characters removed,
// Unicode spaces made ASCII) must not touch it, or a refresh reads back another value than the one set.
import { parseIfconfig } from "../../../provider/ifconfig/parse";

const capture = (descriptionLine: string) =>
  `lagg0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 1500\n${descriptionLine}\n\tether 58:9c:fc:00:00:01\n\tlaggproto lacp lagghash l2,l3,l4\n`;

test.each([
  ["zero-width joiner and space", "\u200dA\u200b"],
  ["no-break and ideographic spaces", "uplink\u00a0to\u3000core"],
  ["a BOM and a word joiner", "\ufeffx\u2060y"],
  ["bidi controls and astral characters", "\u202eabc\u202c 𝔘😀"],
])("a description with %s is read back verbatim", (_label, description) => {
  expect(parseIfconfig(capture(`\tdescription: ${description}`))[0].description).toBe(description);
});

test("a web copy's no-break space after the keyword is still the separator, and other lines are still cleaned", () => {
  const [lagg] = parseIfconfig(capture("\tdescription:\u00a0uplink").replace("\tether", "\t\u200bether"));
  expect(lagg.description).toBe("uplink");
  expect(lagg.ether).toBe("58:9c:fc:00:00:01");
});
