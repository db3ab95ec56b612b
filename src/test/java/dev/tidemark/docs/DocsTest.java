package dev.tidemark.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import dev.tidemark.cli.CliContext;
import dev.tidemark.cli.TidemarkCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The docs cannot drift from the code: every command and option README.md and docs/ show exists in
 * the command line, and the CLI reference shows them all; the configuration reference lists exactly
 * the keys of reference.conf, with its defaults; relative links and their anchors resolve.
 */
class DocsTest {
  private static final Path README = Path.of("README.md");
  private static final Path DOCS = Path.of("docs");
  private static final Path CONFIGURATION = DOCS.resolve("reference/configuration.md");
  private static final Path CLI_REFERENCE = DOCS.resolve("reference/cli.md");
  private static final Path REFERENCE_CONF = Path.of("src/main/resources/reference.conf");

  /**
   * A piece of code that is a Tidemark invocation: it starts with {@code tidemark} or {@code
   * scripts/tidemark} (after environment assignments such as {@code TIDEMARK_PROFILE=s3}), the word
   * not glued to anything else ({@code tidemark.warehouse} and {@code tidemark-report.html} are not
   * one). What follows are its arguments. Code that merely names the launcher, as a folder listing
   * does, is not an invocation.
   */
  private static final Pattern TIDEMARK =
      Pattern.compile("^\\s*(?:[A-Z_][A-Z0-9_]*=\\S*\\s+)*(?:scripts/)?tidemark(?![\\w./-])(.*)");

  /** {@code scripts/submit}: spark-submit's options, then {@code --}, then Tidemark's arguments. */
  private static final Pattern SUBMIT =
      Pattern.compile(
          "^\\s*(?:[A-Z_][A-Z0-9_]*=\\S*\\s+)*scripts/submit(?![\\w./-]).*?\\s--\\s+(.*)");

  private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern CONFIG_ROW =
      Pattern.compile("^\\|\\s*`((?:tidemark|pipeline)\\.[\\w.-]+)`\\s*\\|([^|]*)\\|");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void everyCommandAndOptionTheDocsShowExistsInTheCli() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path doc : docs()) {
      problems.addAll(unknownCommandsAndOptions(doc, Files.readAllLines(doc)));
    }

    assertThat(problems)
        .as("commands and options the docs show that the CLI does not have")
        .isEmpty();
  }

  @Test
  void theCliCheckNamesTheFileTheLineAndWhatIsUnknown() {
    List<String> doc =
        List.of(
            "Try `tidemark status --json` and `run --allow-empty`.",
            "```bash",
            "scripts/tidemark run orders --from 2026-01-01 --to 2026-01-02 --bogus   # --ignored",
            "scripts/submit --master yarn --deploy-mode cluster \\",
            "    --conf a=b -- run orders --profile s3",
            "tidemark quarantine replay orders --json",
            "tidemark frobnicate orders",
            "TIDEMARK_PROFILE=s3 scripts/tidemark status --jsn",
            "scripts/     tidemark (the local launcher), submit (spark-submit)",
            "```",
            "Or `history --lastt 5`, `tidemark.lock.wait`, `main.tidemark` and `tidemark-report.html`.");

    assertThat(unknownCommandsAndOptions(Path.of("docs/example.md"), doc))
        .containsExactly(
            "docs/example.md:3: unknown option --bogus in `tidemark run`",
            "docs/example.md:6: unknown option --json in `tidemark quarantine replay`",
            "docs/example.md:7: unknown command `tidemark frobnicate`",
            "docs/example.md:8: unknown option --jsn in `tidemark status`",
            "docs/example.md:11: unknown option --lastt in `tidemark history`");
  }

  @Test
  void theCommandLineReferenceShowsEveryCommandAndOption() throws IOException {
    String reference = Files.readString(CLI_REFERENCE);
    List<String> missing = new ArrayList<>();
    collectUndocumented(TidemarkCli.commandLine(context()), "tidemark", reference, missing);

    assertThat(missing).as("commands and options %s does not show", CLI_REFERENCE).isEmpty();
  }

  @Test
  void theReadmeGivesEveryCommandALine() throws IOException {
    String readme = Files.readString(README);
    List<String> missing = new ArrayList<>();
    TidemarkCli.commandLine(context())
        .getSubcommands()
        .forEach(
            (name, command) -> {
              List<String> paths =
                  command.getSubcommands().isEmpty()
                      ? List.of(name)
                      : command.getSubcommands().keySet().stream()
                          .filter(sub -> !sub.equals("help"))
                          .map(sub -> name + " " + sub)
                          .toList();
              paths.stream()
                  .filter(path -> !name.equals("help"))
                  .filter(path -> !readme.contains("| `tidemark " + path))
                  .forEach(path -> missing.add("tidemark " + path));
            });

    assertThat(missing).as("commands without a line in the README's table").isEmpty();
  }

  @Test
  void everyKeyOfTheConfigurationReferenceIsInReferenceConf() throws IOException {
    Config reference = ConfigFactory.parseFile(REFERENCE_CONF.toFile()).resolve();
    String referenceText = Files.readString(REFERENCE_CONF);
    List<String> problems = new ArrayList<>();

    documentedKeys()
        .forEach(
            (key, row) -> {
              boolean required = row.defaultValue().equals("required");
              // Required keys have no default, so reference.conf names them in a comment only.
              boolean known =
                  reference.hasPathOrNull(key)
                      || required && commentedInReference(referenceText, key);
              if (!known) {
                problems.add(
                    CONFIGURATION + ":" + row.line() + ": " + key + " is not in " + REFERENCE_CONF);
              }
            });

    assertThat(problems).isEmpty();
  }

  @Test
  void theDefaultsTheConfigurationReferenceShowsAreReferenceConfs() throws IOException {
    // Without the environment: a default is what reference.conf says when no variable is set.
    Config reference =
        ConfigFactory.parseFile(REFERENCE_CONF.toFile()).resolve(ConfigResolveOptions.noSystem());
    List<String> problems = new ArrayList<>();

    documentedKeys()
        .forEach(
            (key, row) -> {
              Matcher shown = Pattern.compile("^`([^`]*)`").matcher(row.defaultValue());
              // A default computed from other keys (`<warehouse>/_tidemark`) or told in words
              // ("the file's name", "none") is not a value to compare.
              if (!shown.find() || shown.group(1).contains("<") || !reference.hasPath(key)) {
                return;
              }
              String actual = reference.getValue(key).unwrapped().toString();
              if (!actual.equals(shown.group(1))) {
                problems.add(
                    CONFIGURATION
                        + ":"
                        + row.line()
                        + ": "
                        + key
                        + " defaults to "
                        + actual
                        + " in reference.conf, not "
                        + shown.group(1));
              }
            });

    assertThat(problems).isEmpty();
  }

  @Test
  void everyKeyOfReferenceConfIsInTheConfigurationReference() throws IOException {
    Config reference = ConfigFactory.parseFile(REFERENCE_CONF.toFile()).resolve();
    Set<String> documented = documentedKeys().keySet();

    Set<String> undocumented = new TreeSet<>(leafKeys(reference.root(), ""));
    undocumented.removeAll(documented);

    assertThat(undocumented)
        .as("keys of %s that %s does not document", REFERENCE_CONF, CONFIGURATION)
        .isEmpty();
  }

  @Test
  void everyRelativeLinkInTheDocsPointsAtAFileAndHeadingThatExist() throws IOException {
    List<String> problems = new ArrayList<>();
    List<Path> files = new ArrayList<>(docs());
    files.add(Path.of("jobs/README.md"));
    files.add(Path.of("notebooks/README.md"));
    for (Path doc : files) {
      List<String> lines = Files.readAllLines(doc);
      for (int i = 0; i < lines.size(); i++) {
        Matcher link = LINK.matcher(lines.get(i));
        while (link.find()) {
          String[] parts = link.group(1).split("#", 2);
          if (parts[0].matches("^[a-z]+:.*")) {
            continue;
          }
          Path target = parts[0].isEmpty() ? doc : doc.resolveSibling(parts[0]);
          if (!Files.exists(target)) {
            problems.add(doc + ":" + (i + 1) + ": " + link.group(1) + " does not exist");
          } else if (parts.length == 2 && !anchors(target).contains(parts[1])) {
            problems.add(doc + ":" + (i + 1) + ": " + link.group(1) + " names no heading");
          }
        }
      }
    }

    assertThat(problems).isEmpty();
  }

  private static void collectUndocumented(
      CommandLine command, String name, String reference, List<String> missing) {
    if (!name.equals("tidemark") && !reference.contains("`" + name)) {
      missing.add("`" + name + "`");
    }
    for (OptionSpec option : command.getCommandSpec().options()) {
      Pattern shown =
          Pattern.compile("(?<![\\w-])" + Pattern.quote(option.longestName()) + "(?![\\w-])");
      if (!option.hidden() && !shown.matcher(reference).find()) {
        missing.add(option.longestName() + " of `" + name + "`");
      }
    }
    command
        .getSubcommands()
        .forEach(
            (sub, child) -> {
              if (!sub.equals("help")) {
                collectUndocumented(child, name + " " + sub, reference, missing);
              }
            });
  }

  /** The anchors GitHub gives a Markdown file's headings: lower case, spaces as dashes. */
  private static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new TreeSet<>();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("#")) {
        anchors.add(
            line.replaceFirst("^#+\\s*", "")
                .strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 _-]", "")
                .replace(' ', '-'));
      }
    }
    return anchors;
  }

  /** README.md and every page under docs/. */
  private static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(README);
    try (Stream<Path> files = Files.walk(DOCS)) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /**
   * Problems with the commands and options one doc shows, as "file:line: what". Only arguments of a
   * Tidemark invocation are judged, in code blocks (comments cut, continued lines joined) and in
   * inline code, so spark-submit's, Maven's and the benchmark's options are left alone. Inline code
   * that starts with a command and an option ({@code status --json}) counts as an invocation too.
   */
  static List<String> unknownCommandsAndOptions(Path doc, List<String> lines) {
    CommandLine cli = TidemarkCli.commandLine(context());
    List<String> problems = new ArrayList<>();
    boolean inBlock = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.strip().startsWith("```")) {
        inBlock = !inBlock;
        continue;
      }
      int first = i;
      if (inBlock) {
        StringBuilder joined = new StringBuilder();
        while (line.endsWith("\\") && i + 1 < lines.size()) {
          joined.append(line, 0, line.length() - 1).append(' ');
          line = lines.get(++i);
        }
        String code = joined.append(line).toString().replaceFirst("(^|\\s)#.*$", "");
        check(cli, invocations(cli, code, false), doc, first + 1, problems);
      } else {
        Matcher span = INLINE_CODE.matcher(line);
        while (span.find()) {
          check(cli, invocations(cli, span.group(1), true), doc, first + 1, problems);
        }
      }
    }
    return problems;
  }

  /** The argument lists of the Tidemark invocations in a piece of code. */
  private static List<String> invocations(CommandLine cli, String code, boolean inline) {
    List<String> found = new ArrayList<>();
    Matcher submit = SUBMIT.matcher(code);
    if (submit.find()) {
      found.add(submit.group(1));
      return found;
    }
    Matcher tidemark = TIDEMARK.matcher(code);
    if (tidemark.find()) {
      found.add(tidemark.group(1));
    } else if (inline && code.matches("[a-z][a-z-]*\\s+--?\\w.*")) {
      String first = code.split("\\s+")[0];
      if (cli.getSubcommands().containsKey(first)) {
        found.add(code);
      }
    }
    return found;
  }

  private static void check(
      CommandLine cli, List<String> invocations, Path doc, int line, List<String> problems) {
    for (String arguments : invocations) {
      String problem = problem(cli, arguments);
      if (problem != null) {
        problems.add(doc + ":" + line + ": " + problem);
      }
    }
  }

  /** What is wrong with one invocation's arguments, or null. */
  private static String problem(CommandLine root, String arguments) {
    CommandLine command = root;
    String name = "tidemark";
    boolean positionalSeen = false;
    String[] tokens = arguments.strip().split("\\s+");
    for (int t = 0; t < tokens.length; t++) {
      String token = tokens[t].replaceAll("[\\[\\](),`]", "");
      if (token.equals("|") || token.equals("&&") || token.equals(";")) {
        break;
      }
      if (token.isEmpty() || token.equals("--") || token.equals("...")) {
        continue;
      }
      if (token.startsWith("-")) {
        String option = token.replaceFirst("=.*$", "");
        OptionSpec spec = command.getCommandSpec().optionsMap().get(option);
        if (spec == null) {
          return "unknown option " + option + " in `" + name + "`";
        }
        if (spec.arity().max() > 0 && !token.contains("=")) {
          t++; // its value
        }
        continue;
      }
      boolean placeholder = token.startsWith("<") || token.matches("[A-Z_]+(\\.\\.\\.)?");
      Map<String, CommandLine> subcommands = command.getSubcommands();
      if (!subcommands.isEmpty() && !positionalSeen) {
        if (placeholder) {
          return null; // `tidemark <command> ...`: nothing more to check
        }
        CommandLine sub = subcommands.get(token);
        if (sub == null) {
          return "unknown command `" + name + " " + token + "`";
        }
        command = sub;
        name = name + " " + token;
        continue;
      }
      positionalSeen = true;
    }
    return null;
  }

  private static CliContext context() {
    PrintWriter discard = new PrintWriter(new StringWriter());
    return new CliContext(
        discard,
        discard,
        Clock.systemUTC(),
        settings -> {
          throw new AssertionError("the docs test parses the command line only");
        });
  }

  /** A row of the configuration reference: where it is and its default column. */
  private record KeyRow(int line, String defaultValue) {}

  /** The keys of the configuration reference's table, one per row, in order. */
  private static Map<String, KeyRow> documentedKeys() throws IOException {
    Map<String, KeyRow> keys = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(CONFIGURATION, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      Matcher row = CONFIG_ROW.matcher(lines.get(i));
      if (row.find()) {
        keys.put(row.group(1), new KeyRow(i + 1, row.group(2).strip()));
      }
    }
    assertThat(keys).as("keys documented in %s", CONFIGURATION).isNotEmpty();
    return keys;
  }

  /** Whether reference.conf shows the key in a comment, as it does the keys without default. */
  private static boolean commentedInReference(String referenceText, String key) {
    String leaf = key.substring(key.lastIndexOf('.') + 1);
    return Pattern.compile("(?m)^\\s*#\\s*" + Pattern.quote(leaf) + "\\s*=")
        .matcher(referenceText)
        .find();
  }

  /**
   * Every key that holds a value. An empty object ({@code spark.conf {}}, reader {@code options
   * {}}) is a key too: it is where the user's own settings go.
   */
  private static List<String> leafKeys(ConfigObject object, String prefix) {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
      String path = prefix + entry.getKey();
      if (entry.getValue() instanceof ConfigObject child && !child.isEmpty()) {
        keys.addAll(leafKeys(child, path + "."));
      } else {
        keys.add(path);
      }
    }
    return keys;
  }
}
