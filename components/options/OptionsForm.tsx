import { useState } from "react"

import { useSettings, useTheme } from "~hooks/useSettings"
import { THEMES, type SaveResult, type SettingName } from "~storage/settings"
import { t } from "~text/i18n"
import { settingProblemText, themeText } from "~text/options-wording"

import { PaceField } from "./PaceField"

/** What the status line under the form says about the last save. */
type Outcome = { said: "saved" | "reset" } | { said: "refused"; text: string }

function outcomeOf(result: SaveResult, done: "saved" | "reset"): Outcome {
  if (result.ok) return { said: done }
  if ("problem" in result) {
    return { said: "refused", text: settingProblemText(result.problem) }
  }
  return { said: "refused", text: t("storageRefused", result.storageError) }
}

function outcomeText(outcome: Outcome | null): string {
  if (!outcome) return ""
  if (outcome.said === "refused") return outcome.text
  return outcome.said === "reset" ? t("optionsResetDone") : t("optionsSaved")
}

/**
 * The options page: each control saves on its own (there is no Save
 * button), and every open view applies the change through
 * `storage.onChanged`.
 */
export function OptionsForm() {
  const store = useSettings()
  const { loaded, settings, problems } = store
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  useTheme(settings.theme)
  const save = (name: SettingName, value: unknown) =>
    void store
      .save(name, value)
      .then((result) => setOutcome(outcomeOf(result, "saved")))
  const reset = () =>
    void store.reset().then((result) => setOutcome(outcomeOf(result, "reset")))

  return (
    <main className="options">
      <h1>{t("optionsHeading", t("extensionName"))}</h1>
      <p className="option-hint">{t("optionsIntro")}</p>
      {problems.map((problem) => (
        <p key={problem.name} className="option-problem" role="alert">
          {t("storedProblem", settingProblemText(problem))}
        </p>
      ))}
      <form onSubmit={(event) => event.preventDefault()} aria-busy={!loaded}>
        <div className="option">
          <label>
            <input
              id="autoConnect"
              type="checkbox"
              checked={settings.autoConnect}
              disabled={!loaded}
              aria-describedby="autoConnectHint"
              onChange={(event) => save("autoConnect", event.target.checked)}
            />{" "}
            {t("optionsAutoConnect")}
          </label>
          <p id="autoConnectHint" className="option-hint">
            {t("optionsAutoConnectHint")}
          </p>
        </div>
        <PaceField
          key={settings.streamChunkMs}
          value={settings.streamChunkMs}
          onCommit={(value) => save("streamChunkMs", value)}
        />
        <fieldset className="option" disabled={!loaded}>
          <legend>{t("optionsTheme")}</legend>
          {THEMES.map((theme) => (
            <label key={theme} className="option-choice">
              <input
                type="radio"
                name="theme"
                value={theme}
                checked={settings.theme === theme}
                onChange={() => save("theme", theme)}
              />{" "}
              {themeText(theme)}
            </label>
          ))}
        </fieldset>
        <button id="resetBtn" type="button" onClick={reset}>
          {t("optionsReset")}
        </button>
      </form>
      <p
        id="optionsStatus"
        role="status"
        className={outcome?.said === "refused" ? "option-problem" : undefined}>
        {loaded ? outcomeText(outcome) : t("optionsLoading")}
      </p>
    </main>
  )
}
