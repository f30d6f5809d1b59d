import { IfconfigParseError, parseIfconfig } from "../../../provider/ifconfig/parse";

describe("parseIfconfig input that is not ifconfig output", () => {
  test.each([
    ["command not found", "sh: ifconfig: not found\n", 1, "sh: ifconfig: not found"],
    ["csh error", "ifconfig: Command not found.\n", 1, "ifconfig: Command not found."],
    ["missing interface (stderr captured)", "ifconfig: interface lagg9 does not exist\n", 1, "ifconfig: interface lagg9 does not exist"],
    ["HTML page", "<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>\n", 1, "<!DOCTYPE html>"],
    ["leading blank lines", "\n\n   \n<html>\n", 4, "<html>"],
    ["an indented body line first", "\tether 00:50:56:29:a9:45\nlagg0: flags=8843<UP> metric 0 mtu 1500\n", 1, "\tether 00:50:56:29:a9:45"],
    ["a shell prompt before the output", "# ifconfig lagg0\nlagg0: flags=8843<UP> metric 0 mtu 1500\n", 1, "# ifconfig lagg0"],
    ["CRLF garbage", "Permission denied\r\n", 1, "Permission denied"],
  ])("%s throws IfconfigParseError naming the line", (_label, text, number, lineText) => {
    let thrown: unknown;
    try {
      parseIfconfig(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IfconfigParseError);
    const error = thrown as IfconfigParseError;
    expect(error.name).toBe("IfconfigParseError");
    expect(error.line).toEqual({ number, text: lineText });
    expect(error.message).toContain(`line ${number}`);
    expect(error.message).toContain(JSON.stringify(lineText));
  });

  test.each([
    ["empty", ""],
    ["spaces and tabs", "  \t \n\t\n"],
    ["CRLF blank lines", "\r\n\r\n"],
  ])("%s input returns []", (_label, text) => {
    expect(parseIfconfig(text)).toEqual([]);
  });

  test("unknown lines inside a block are ignored, not errors", () => {
    const text = "lagg0: flags=8843<UP> metric 0 mtu 1500\n\tsomething new in FreeBSD 16: yes\n<garbage>\n\tstatus: active\n";
    expect(parseIfconfig(text)).toEqual([
      expect.objectContaining({ name: "lagg0", status: "active", mtu: 1500 }),
    ]);
  });
});
