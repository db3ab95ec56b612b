package dev.tidemark.config;

/** Reads how the landing folders are named: {@code pipeline.source.layout} or its older prefix. */
final class LayoutSetting {
  private LayoutSetting() {}

  /**
   * {@code pipeline.source.layout}, or, when it is not set, {@code pipeline.source.landing-prefix}
   * and the date: the setting older pipelines have.
   */
  static LandingLayout read(ConfigReader r) {
    String layout = "pipeline.source.layout";
    String prefix = "pipeline.source.landing-prefix";
    String pattern = r.string(layout).trim();
    String landingPrefix = r.string(prefix);
    try {
      if (pattern.isEmpty()) {
        return LandingLayout.flat(landingPrefix);
      }
      if (!landingPrefix.equals("dt=")) {
        throw new InvalidConfigException(
            "Cannot use both "
                + layout
                + " ("
                + r.where(layout)
                + ") and "
                + prefix
                + " ("
                + r.where(prefix)
                + "): the layout names the whole folder. Write "
                + layout
                + " = \""
                + landingPrefix
                + "{date}\" and remove "
                + prefix);
      }
      return LandingLayout.parse(pattern);
    } catch (IllegalArgumentException e) {
      String path = pattern.isEmpty() ? prefix : layout;
      throw new InvalidConfigException(
          "Cannot use " + path + " (" + r.where(path) + "): " + e.getMessage());
    }
  }
}
