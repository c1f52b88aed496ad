/** The pages' templates escape every value that is not markup the code wrote. */
import { describe, expect, it } from "vitest";
import { html, trusted } from "../../src/web/html.js";

describe("html", () => {
  it("escapes text from users, in elements and attributes", () => {
    const name = `<script>alert("x")</script> & 'Sở'`;
    expect(html`<td title="${name}">${name}</td>`.value).toBe(
      `<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Sở&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Sở&#39;</td>`,
    );
  });

  it("nests templates and lists without escaping them twice, and drops empty values", () => {
    const rows = ["a<b", "c"].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${rows}${null}${false}${undefined}</ul>${trusted("<br>")}${3}`.value).toBe("<ul><li>a&lt;b</li><li>c</li></ul><br>3");
  });
});
