package io.pvepanel.control;

import io.pvepanel.testsupport.ActuatorContract;
import io.pvepanel.testsupport.ApiDocsContract;

class ManagementPortAttackTests extends ControlIntegrationTest
    implements ActuatorContract, ApiDocsContract {}
