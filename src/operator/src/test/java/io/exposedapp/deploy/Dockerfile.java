package io.exposedapp.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A minimal reader of the repository's Dockerfile: instructions (line continuations joined, comments dropped) grouped
 * into build stages by FROM. Enough to check the packaging offline; not a full Dockerfile parser (no variable
 * expansion, no heredocs, no parser directives beyond ignoring them).
 */
record Dockerfile(List<Stage> stages) {

  static final Path PATH = Path.of("Dockerfile");

  /** One instruction: keyword upper-cased, arguments as written. */
  record Instruction(String keyword, String arguments) {
  }

  /** A stage: its base image, optional {@code AS} name, and instructions after FROM. */
  record Stage(String image, Optional<String> name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Optional<Instruction> last(String keyword) {
      List<Instruction> found = all(keyword);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    int indexOf(Instruction instruction) {
      return instructions.indexOf(instruction);
    }
  }

  static Dockerfile read() {
    return parse(DeployManifests.read(PATH));
  }

  static Dockerfile parse(String text) {
    List<String> logical = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : text.replace("\r\n", "\n").split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#")) {
        continue; // comments (and parser directives), also inside continuations, as Docker does
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      if (!current.toString().isBlank()) {
        logical.add(current.toString().strip());
      }
      current.setLength(0);
    }
    List<Stage> stages = new ArrayList<>();
    List<Instruction> instructions = null;
    for (String line : logical) {
      String[] split = line.split("\\s+", 2);
      Instruction instruction = new Instruction(split[0].toUpperCase(Locale.ROOT), split.length > 1 ? split[1] : "");
      if (instruction.keyword().equals("FROM")) {
        String[] from = instruction.arguments().split("\\s+");
        int i = 0;
        while (from[i].startsWith("--")) {
          i++; // --platform=...
        }
        Optional<String> name = from.length >= i + 3 && from[i + 1].equalsIgnoreCase("AS")
            ? Optional.of(from[i + 2]) : Optional.empty();
        instructions = new ArrayList<>();
        stages.add(new Stage(from[i], name, instructions));
      } else if (instructions == null) {
        if (!instruction.keyword().equals("ARG")) {
          throw new IllegalArgumentException("instruction before the first FROM: " + line);
        }
      } else {
        instructions.add(instruction);
      }
    }
    return new Dockerfile(stages.stream()
        .map(s -> new Stage(s.image(), s.name(), List.copyOf(s.instructions()))).toList());
  }

  Stage finalStage() {
    return stages.get(stages.size() - 1);
  }

  Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> s.name().filter(name::equals).isPresent()).findFirst();
  }
}
