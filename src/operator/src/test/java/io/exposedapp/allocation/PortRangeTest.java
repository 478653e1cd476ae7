package io.exposedapp.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortRangeTest {

  @Test
  void parsesStartDashEnd() {
    assertThat(PortRange.parse("30000-32767")).isEqualTo(new PortRange(30000, 32767));
  }

  @Test
  void parseIgnoresSurroundingWhitespace() {
    assertThat(PortRange.parse(" 30000 - 30099 ")).isEqualTo(new PortRange(30000, 30099));
  }

  @Test
  void parsesASinglePortRange() {
    assertThat(PortRange.parse("30000-30000").size()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30000", "30000-", "-32767", "abc-32767", "30000-32767-1", "30000:32767", "-1-5",
      "30000-3276x"})
  void parseRejectsMalformedInputAndQuotesIt(String input) {
    assertThatThrownBy(() -> PortRange.parse(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid port range \"" + input + "\"")
        .hasMessageContaining("expected <start>-<end>");
  }

  @Test
  void parseRejectsReversedRangeQuotingInputAndReason() {
    assertThatThrownBy(() -> PortRange.parse("32767-30000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid port range \"32767-30000\": port range start 32767 is after its end 30000");
  }

  @Test
  void parseRejectsPortAbove65535QuotingInput() {
    assertThatThrownBy(() -> PortRange.parse("30000-70000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid port range \"30000-70000\": port range end 70000 is not a port number (1-65535)");
  }

  @Test
  void parseRejectsNullWithAnExample() {
    assertThatThrownBy(() -> PortRange.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining("30000-32767");
  }

  @Test
  void constructorRejectsPortZero() {
    assertThatThrownBy(() -> new PortRange(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port range start 0 is not a port number (1-65535)");
  }

  @Test
  void constructorRejectsStartAfterEnd() {
    assertThatThrownBy(() -> new PortRange(10, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port range start 10 is after its end 9");
  }

  @Test
  void constructorAcceptsTheWholePortSpace() {
    assertThat(new PortRange(1, 65535).size()).isEqualTo(65535);
  }

  @Test
  void sizeCountsBothEnds() {
    assertThat(PortRange.DEFAULT.size()).isEqualTo(2768);
  }

  @Test
  void containsIsInclusiveAtBothEnds() {
    PortRange range = new PortRange(30000, 30009);
    assertThat(range.contains(30000)).isTrue();
    assertThat(range.contains(30009)).isTrue();
    assertThat(range.contains(29999)).isFalse();
    assertThat(range.contains(30010)).isFalse();
  }

  @Test
  void toStringIsTheFlagSyntax() {
    assertThat(PortRange.DEFAULT).hasToString("30000-32767");
    assertThat(PortRange.parse(PortRange.DEFAULT.toString())).isEqualTo(PortRange.DEFAULT);
  }

  @Test
  void staticBandOfDefaultRangeIs86Ports30000To30085() {
    assertThat(PortRange.DEFAULT.staticBandSize()).isEqualTo(86); // 2768 / 32
    assertThat(PortRange.DEFAULT.staticBandEnd()).isEqualTo(30085);
  }

  @Test
  void staticBandOfSmallRangeIsAtLeast16Ports() {
    PortRange range = new PortRange(32567, 32767); // KEP-3668 example 3: 201 / 32 = 6 -> 16
    assertThat(range.staticBandSize()).isEqualTo(16);
    assertThat(range.staticBandEnd()).isEqualTo(32582);
  }

  @Test
  void staticBandOfSeventeenPortRangeIs16Ports() {
    assertThat(new PortRange(30000, 30016).staticBandSize()).isEqualTo(16);
  }

  @Test
  void rangeOf16PortsOrFewerHasNoStaticBand() {
    PortRange range = new PortRange(30000, 30015);
    assertThat(range.staticBandSize()).isZero();
    assertThat(range.staticBandEnd()).isEqualTo(29999);
  }

  @Test
  void staticBandOfHugeRangeIsCappedAt128Ports() {
    PortRange kepExample2 = new PortRange(20000, 32767);
    assertThat(kepExample2.staticBandSize()).isEqualTo(128);
    assertThat(kepExample2.staticBandEnd()).isEqualTo(20127);
    assertThat(new PortRange(1, 65535).staticBandSize()).isEqualTo(128);
  }
}
