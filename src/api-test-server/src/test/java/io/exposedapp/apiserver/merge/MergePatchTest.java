package io.exposedapp.apiserver.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MergePatchTest {

  // RFC 7386 Appendix A, one row per example: original | patch | result.
  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'a':'b'}                   | {'a':'c'}              | {'a':'c'}",
        "{'a':'b'}                   | {'b':'c'}              | {'a':'b','b':'c'}",
        "{'a':'b'}                   | {'a':null}             | {}",
        "{'a':'b','b':'c'}           | {'a':null}             | {'b':'c'}",
        "{'a':['b']}                 | {'a':'c'}              | {'a':'c'}",
        "{'a':'c'}                   | {'a':['b']}            | {'a':['b']}",
        "{'a':{'b':'c'}}             | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
        "{'a':[{'b':'c'}]}           | {'a':[1]}              | {'a':[1]}",
        "['a','b']                   | ['c','d']              | ['c','d']",
        "{'a':'b'}                   | ['c']                  | ['c']",
        "{'a':'foo'}                 | null                   | null",
        "{'a':'foo'}                 | 'bar'                  | 'bar'",
        "{'e':null}                  | {'a':1}                | {'e':null,'a':1}",
        "[1,2]                       | {'a':'b','c':null}     | {'a':'b'}",
        "{}                          | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}",
      })
  void rfc7386AppendixAExamples(String original, String patch, String expected) {
    assertThat(MergePatch.apply(Json.node(original), Json.node(patch))).isEqualTo(Json.node(expected));
  }

  @Test
  void inputsAreNotMutated() {
    JsonNode target = Json.node("{'a':{'b':1}}");
    JsonNode patch = Json.node("{'a':{'b':null,'c':2}}");
    MergePatch.apply(target, patch);
    assertThat(target).isEqualTo(Json.node("{'a':{'b':1}}"));
    assertThat(patch).isEqualTo(Json.node("{'a':{'b':null,'c':2}}"));
  }
}
