# expect: wrong_answer
# feedback: wrapped in Bidirectional
# feedback: merge_mode='sum'
from tensorflow.keras.layers import Bidirectional, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(Bidirectional(SimpleRNN(4, return_sequences=True), merge_mode="sum", input_shape=(3, 2)))
