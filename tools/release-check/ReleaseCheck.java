import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a Maven Central bundle (the zip central-publishing-maven-plugin builds) against what Central
 * demands and what zth promises, before anything is uploaded:
 *
 * <ul>
 *   <li>every jar module has its jar, sources jar and javadoc jar; every module its POM;
 *   <li>every file has a {@code .asc} signature that gpg verifies, and {@code .md5}/{@code .sha1}
 *       checksums that match;
 *   <li>the POM, with its parents (from the bundle or a local repository), has name, description, url,
 *       licenses, developers and scm;
 *   <li>no version in the bundle is a SNAPSHOT: the modules', their parents', and every dependency's
 *       after the parents' dependencyManagement and properties are applied;
 *   <li>jars and sources jars carry META-INF/LICENSE and META-INF/THIRD-PARTY-NOTICES;
 *   <li>zth-bom lists each jar module of the bundle at the version that module has.
 * </ul>
 *
 * <p>Run with {@code java tools/release-check/ReleaseCheck.java BUNDLE.zip [--gnupghome DIR]
 * [--repo LOCAL_REPO] [--expect a,b,c]}; it prints one line per problem and exits 1 if there is any.
 */
public final class ReleaseCheck {
  private static final String GROUP = "io.github.zth";
  private static final String BOM = "zth-bom";
  private static final Pattern PROP = Pattern.compile("\\$\\{([^}]+)}");

  private final Map<String, byte[]> files = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();
  private final String gnupghome;
  private final Path repo;

  private ReleaseCheck(Path bundle, String gnupghome, Path repo) throws IOException {
    this.gnupghome = gnupghome;
    this.repo = repo;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(bundle))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (!e.isDirectory()) {
          files.put(e.getName(), in.readAllBytes());
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: ReleaseCheck BUNDLE.zip [--gnupghome DIR] [--repo LOCAL_REPO] [--expect a,b,c]");
      System.exit(2);
    }
    Map<String, String> opts = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    ReleaseCheck c = new ReleaseCheck(Path.of(args[0]), opts.get("--gnupghome"),
        opts.containsKey("--repo") ? Path.of(opts.get("--repo")) : null);
    List<String> expect = opts.containsKey("--expect") ? List.of(opts.get("--expect").split(",")) : List.of();
    int modules = c.run(expect);
    c.problems.forEach(p -> System.out.println("release-check: " + p));
    if (!c.problems.isEmpty()) {
      System.out.println("release-check: FAILED, " + c.problems.size() + " problem(s) in " + args[0]);
      System.exit(1);
    }
    System.out.println("release-check: ok, " + modules + " modules, " + c.files.size() + " files in " + args[0]);
  }

  private int run(List<String> expect) throws Exception {
    // groupId/artifactId/version/ -> that directory's file names
    Map<String, List<String>> dirs = new TreeMap<>();
    for (String f : files.keySet()) {
      int slash = f.lastIndexOf('/');
      dirs.computeIfAbsent(f.substring(0, slash + 1), k -> new ArrayList<>()).add(f.substring(slash + 1));
    }
    Map<String, String> versions = new LinkedHashMap<>();
    Map<String, Map<String, String>> bomEntries = new HashMap<>();
    for (Map.Entry<String, List<String>> d : dirs.entrySet()) {
      String[] parts = d.getKey().split("/");
      if (parts.length < 3) {
        problems.add(d.getKey() + ": not a groupId/artifactId/version folder");
        continue;
      }
      String version = parts[parts.length - 1];
      String artifact = parts[parts.length - 2];
      versions.put(artifact, version);
      checkModule(d.getKey(), artifact, version, d.getValue(), bomEntries);
    }
    for (String a : expect) {
      if (!versions.containsKey(a)) {
        problems.add(a + ": expected in the bundle, missing");
      }
    }
    Map<String, String> bom = bomEntries.get(BOM);
    if (bom != null) {
      for (Map.Entry<String, String> m : versions.entrySet()) {
        boolean jarModule = files.containsKey(dirOf(m.getKey(), m.getValue()) + m.getKey() + "-" + m.getValue() + ".jar");
        if (jarModule && !m.getValue().equals(bom.get(m.getKey()))) {
          problems.add(BOM + ": lists " + m.getKey() + " at " + bom.get(m.getKey()) + ", but the bundle's "
              + m.getKey() + " is " + m.getValue());
        }
      }
    } else if (!expect.isEmpty()) {
      problems.add(BOM + ": not in the bundle, so its module versions cannot be checked");
    }
    return versions.size();
  }

  private String dirOf(String artifact, String version) {
    return GROUP.replace('.', '/') + "/" + artifact + "/" + version + "/";
  }

  private void checkModule(String dir, String artifact, String version, List<String> names,
      Map<String, Map<String, String>> bomEntries) throws Exception {
    String base = artifact + "-" + version;
    if (version.endsWith("-SNAPSHOT")) {
      problems.add(artifact + ": version " + version + " is a SNAPSHOT");
    }
    byte[] pomBytes = files.get(dir + base + ".pom");
    if (pomBytes == null) {
      problems.add(artifact + ": no " + base + ".pom");
      return;
    }
    Document pom = parse(pomBytes);
    String packaging = text(pom.getDocumentElement(), "packaging");
    List<String> required = new ArrayList<>(List.of(base + ".pom"));
    if (packaging == null || packaging.equals("jar")) {
      required.addAll(List.of(base + ".jar", base + "-sources.jar", base + "-javadoc.jar"));
    }
    for (String r : required) {
      if (!names.contains(r)) {
        problems.add(artifact + ": " + r + " is missing");
        continue;
      }
      checkSignedAndSummed(dir, r, names);
      if (r.endsWith(".jar") && !r.endsWith("-javadoc.jar")) {
        checkNotices(dir + r);
      }
    }
    for (String n : names) {
      boolean sidecar = n.endsWith(".asc") || n.endsWith(".md5") || n.endsWith(".sha1") || n.endsWith(".sha256")
          || n.endsWith(".sha512");
      if (!sidecar && !required.contains(n)) {
        checkSignedAndSummed(dir, n, names);
      }
    }
    checkPom(artifact, version, pom, bomEntries);
  }

  private void checkSignedAndSummed(String dir, String name, List<String> names) throws Exception {
    byte[] data = files.get(dir + name);
    for (String[] alg : new String[][] {{"md5", "MD5"}, {"sha1", "SHA-1"}}) {
      byte[] sum = files.get(dir + name + "." + alg[0]);
      if (sum == null) {
        problems.add(name + ": no ." + alg[0] + " checksum");
      } else if (!new String(sum, StandardCharsets.US_ASCII).trim().split("\\s+")[0].equalsIgnoreCase(hex(alg[1], data))) {
        problems.add(name + ": ." + alg[0] + " checksum does not match the file");
      }
    }
    if (!names.contains(name + ".asc")) {
      problems.add(name + ": no .asc signature");
      return;
    }
    Path tmp = Files.createTempDirectory("release-check");
    try {
      Path file = Files.write(tmp.resolve(name), data);
      Path sig = Files.write(tmp.resolve(name + ".asc"), files.get(dir + name + ".asc"));
      ProcessBuilder pb = new ProcessBuilder("gpg", "--batch", "--status-fd", "1", "--verify", sig.toString(), file.toString());
      if (gnupghome != null) {
        pb.environment().put("GNUPGHOME", gnupghome);
      }
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0 || !out.contains("[GNUPG:] GOODSIG") || !out.contains("[GNUPG:] VALIDSIG")) {
        String why = out.lines().filter(l -> l.startsWith("gpg:")).findFirst().orElse("gpg exit " + p.exitValue());
        problems.add(name + ": signature does not verify (" + why + ")");
      }
    } finally {
      try (var walk = Files.list(tmp)) {
        for (Path f : (Iterable<Path>) walk::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(tmp);
    }
  }

  private void checkNotices(String path) throws IOException {
    Path tmp = Files.createTempFile("release-check", ".jar");
    try {
      Files.write(tmp, files.get(path));
      try (ZipFile jar = new ZipFile(tmp.toFile())) {
        for (String n : List.of("META-INF/LICENSE", "META-INF/THIRD-PARTY-NOTICES")) {
          if (jar.getEntry(n) == null) {
            problems.add(path.substring(path.lastIndexOf('/') + 1) + ": has no " + n);
          }
        }
      }
    } finally {
      Files.delete(tmp);
    }
  }

  /** The POM and its ancestors, nearest first. */
  private List<Element> chain(Element pom, String artifact) throws Exception {
    List<Element> chain = new ArrayList<>(List.of(pom));
    for (Element p = child(pom, "parent"); p != null; ) {
      String a = text(p, "artifactId");
      String v = text(p, "version");
      if (v != null && v.endsWith("-SNAPSHOT")) {
        problems.add(artifact + ": parent " + a + " is " + v + ", a SNAPSHOT");
      }
      byte[] bytes = files.get(dirOf(a, v) + a + "-" + v + ".pom");
      if (bytes == null && repo != null && Files.exists(repo.resolve(dirOf(a, v) + a + "-" + v + ".pom"))) {
        bytes = Files.readAllBytes(repo.resolve(dirOf(a, v) + a + "-" + v + ".pom"));
      }
      if (bytes == null) {
        problems.add(artifact + ": parent " + a + ":" + v + " is neither in the bundle nor in the local repository");
        break;
      }
      Element e = parse(bytes).getDocumentElement();
      chain.add(e);
      p = child(e, "parent");
    }
    return chain;
  }

  private void checkPom(String artifact, String version, Document doc, Map<String, Map<String, String>> bomEntries)
      throws Exception {
    List<Element> chain = chain(doc.getDocumentElement(), artifact);
    Map<String, String> props = new HashMap<>();
    Map<String, String> managed = new HashMap<>();
    List<String> imports = new ArrayList<>();
    for (int i = chain.size() - 1; i >= 0; i--) {
      Element e = chain.get(i);
      Element ps = child(e, "properties");
      if (ps != null) {
        for (Element p : children(ps)) {
          props.put(p.getTagName(), p.getTextContent().trim());
        }
      }
      Element dm = child(e, "dependencyManagement");
      for (Element d : dm == null ? List.<Element>of() : children(child(dm, "dependencies"))) {
        String key = text(d, "groupId") + ":" + text(d, "artifactId");
        if ("import".equals(text(d, "scope"))) {
          imports.add(key + ":" + text(d, "version"));
        } else {
          managed.put(key, text(d, "version"));
        }
      }
    }
    props.put("project.version", version);
    props.put("project.artifactId", artifact);
    for (String f : List.of("name", "description", "url")) {
      String v = first(chain, f);
      if (v == null || v.isBlank()) {
        problems.add(artifact + ": POM has no <" + f + ">");
      }
    }
    for (String[] f : new String[][] {{"licenses", "license", "name"}, {"licenses", "license", "url"},
        {"developers", "developer", "name"}, {"scm", "url", null}, {"scm", "connection", null}}) {
      if (!has(chain, f)) {
        problems.add(artifact + ": POM has no <" + String.join("><", java.util.Arrays.stream(f)
            .filter(java.util.Objects::nonNull).toList()) + ">");
      }
    }
    for (String imp : imports) {
      String v = interpolate(imp, props);
      if (v.endsWith("-SNAPSHOT")) {
        problems.add(artifact + ": imports " + v + ", a SNAPSHOT");
      }
    }
    for (Map.Entry<String, String> m : managed.entrySet()) {
      String v = interpolate(m.getValue() == null ? "" : m.getValue(), props);
      if (v.endsWith("-SNAPSHOT")) {
        problems.add(artifact + ": manages " + m.getKey() + " at " + v + ", a SNAPSHOT");
      }
    }
    for (Element e : chain) {
      Element deps = child(e, "dependencies");
      for (Element d : deps == null ? List.<Element>of() : children(deps)) {
        String key = text(d, "groupId") + ":" + text(d, "artifactId");
        String v = text(d, "version") != null ? text(d, "version") : managed.get(key);
        if (v == null && imports.isEmpty()) {
          problems.add(artifact + ": dependency " + key + " has no version, and nothing manages it");
        } else if (v != null && interpolate(v, props).endsWith("-SNAPSHOT")) {
          problems.add(artifact + ": depends on " + key + ":" + interpolate(v, props) + ", a SNAPSHOT");
        }
      }
    }
    if (artifact.equals(BOM)) {
      Map<String, String> entries = new HashMap<>();
      for (Map.Entry<String, String> m : managed.entrySet()) {
        if (m.getKey().startsWith(GROUP + ":")) {
          entries.put(m.getKey().substring(GROUP.length() + 1), interpolate(m.getValue(), props));
        }
      }
      bomEntries.put(BOM, entries);
    }
  }

  private String interpolate(String s, Map<String, String> props) {
    for (int depth = 0; depth < 10 && s.contains("${"); depth++) {
      Matcher m = PROP.matcher(s);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        String v = props.get(m.group(1));
        m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group() : v));
      }
      m.appendTail(b);
      if (b.toString().equals(s)) {
        break;
      }
      s = b.toString();
    }
    if (s.contains("${")) {
      problems.add("cannot resolve " + s);
    }
    return s;
  }

  private static String first(List<Element> chain, String tag) {
    for (Element e : chain) {
      String t = text(e, tag);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private static boolean has(List<Element> chain, String[] path) {
    for (Element e : chain) {
      Element a = child(e, path[0]);
      if (a == null) {
        continue;
      }
      if (path[2] == null) {
        String t = text(a, path[1]);
        return t != null && !t.isBlank();
      }
      for (Element b : children(a)) {
        String t = text(b, path[2]);
        if (b.getTagName().equals(path[1]) && t != null && !t.isBlank()) {
          return true;
        }
      }
      return false;
    }
    return false;
  }

  private static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (InputStream in = new java.io.ByteArrayInputStream(xml)) {
      return f.newDocumentBuilder().parse(in);
    }
  }

  private static List<Element> children(Element e) {
    List<Element> l = new ArrayList<>();
    if (e != null) {
      for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element c) {
          l.add(c);
        }
      }
    }
    return l;
  }

  private static Element child(Element e, String tag) {
    for (Element c : children(e)) {
      if (c.getTagName().equals(tag)) {
        return c;
      }
    }
    return null;
  }

  private static String text(Element e, String tag) {
    Element c = child(e, tag);
    return c == null ? null : c.getTextContent().trim();
  }

  private static String hex(String algorithm, byte[] data) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }
}
