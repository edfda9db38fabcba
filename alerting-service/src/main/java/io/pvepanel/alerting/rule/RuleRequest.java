package io.pvepanel.alerting.rule;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * The body of {@code POST /api/alerts/rules} and {@code PUT /api/alerts/rules/{id}} (PUT replaces
 * the whole rule). Cross-field rules (operator/threshold required except for {@code status_down},
 * percent metrics within 0..100, {@code serverId} exactly for {@code scope: server}) are checked by
 * {@link RuleService}.
 *
 * @param name shown in mails (HTML-escaped there); no line breaks or other control characters, so
 *     it can never start a mail header
 * @param forSeconds how long the condition must hold before the alert fires; default 300, at least
 *     {@link RuleLimits#minFor()} (checked by {@link RuleService})
 * @param repeatIntervalSeconds minimum time between announcements of a firing alert; default 3600,
 *     at least {@link RuleLimits#minRepeatInterval()}
 * @param sendResolved announce resolution; default true
 * @param enabled default true
 * @param muteUntil announcements are suppressed until then; null: not muted
 */
record RuleRequest(
    @NotBlank
        @Size(max = 100)
        @Pattern(
            regexp = "[^\\p{Cntrl}\\p{Zl}\\p{Zp}]*",
            message = "must not contain line breaks or control characters")
        String name,
    @NotNull @Pattern(regexp = "cpu|memory|disk|net_in|net_out|status_down") String metric,
    @Pattern(regexp = ">|>=|<|<=") String operator,
    Double threshold,
    @Min(0) @Max(86_400) Integer forSeconds,
    @Min(60) @Max(604_800) Integer repeatIntervalSeconds,
    Boolean sendResolved,
    Boolean enabled,
    Instant muteUntil,
    @NotNull @Pattern(regexp = "global|user|server") String scope,
    @Size(min = 1, max = 64) String serverId) {}
