# expect: runtime_error
# feedback: returns its states (`return_state=True`)
# feedback: a Sequential model cannot pass several on
# feedback: use the functional API
# feedback: drop `return_state`
import keras
from keras import layers

model = keras.Sequential([keras.Input((3, 2)), layers.SimpleRNN(4, return_state=True), layers.Dense(1)])
